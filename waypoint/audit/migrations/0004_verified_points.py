"""Where audit_verify last found the chain sound, so that the next run starts there (issue 8, point 5).

The table is append-only like audit_event: the same function refuses UPDATE, DELETE and TRUNCATE.
"""

from django.db import migrations, models

FORWARD = """
CREATE TRIGGER audit_verification_append_only
    BEFORE UPDATE OR DELETE ON audit_verification
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_verification_no_truncate
    BEFORE TRUNCATE ON audit_verification
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_verification_no_truncate ON audit_verification;
DROP TRIGGER IF EXISTS audit_verification_append_only ON audit_verification;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_keyed_hashes_no_truncate'),
    ]

    operations = [
        migrations.CreateModel(
            name='VerifiedPoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.BigIntegerField()),
                ('hash', models.CharField(max_length=64)),
                ('verified_at', models.DateTimeField()),
                ('full', models.BooleanField()),
                ('key_id', models.CharField(max_length=16)),
                ('mac', models.CharField(max_length=64)),
            ],
            options={
                'db_table': 'audit_verification',
                'indexes': [models.Index(fields=['sequence'], name='audit_verif_sequenc_8f8c03_idx')],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
