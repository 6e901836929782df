"""Events name the key that signed them; the table refuses TRUNCATE as well as UPDATE and DELETE."""

from django.db import migrations, models

FORWARD = """
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
"""

BACKWARD = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;"


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
