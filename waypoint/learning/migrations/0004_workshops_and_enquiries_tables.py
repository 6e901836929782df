"""Workshops and contact requests become their own apps (``workshops``, ``enquiries``): step 1 of 3.

Their tables are renamed in place (ALTER TABLE ... RENAME keeps every row, key and
foreign key) to the names the new apps use, and so are the two indexes named after
the old tables. The models then move in state only: ``workshops.0001`` and
``enquiries.0001`` take them over, and ``learning.0005`` drops them from this app.
"""

from django.db import migrations

TABLES = {
    "workshop": "workshops_workshop",
    "workshopsession": "workshops_workshopsession",
    "registration": "workshops_registration",
    "feedback": "workshops_feedback",
    "contactrequest": "enquiries_contactrequest",
    "contactreply": "enquiries_contactreply",
}


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_text_limits"),
    ]

    operations = [
        *[migrations.AlterModelTable(name=model, table=table) for model, table in TABLES.items()],
        migrations.RenameIndex(
            model_name="registration",
            new_name="workshops_r_session_927510_idx",
            old_name="learning_re_session_349b37_idx",
        ),
        migrations.RenameIndex(
            model_name="contactrequest",
            new_name="enquiries_c_agency__613c10_idx",
            old_name="learning_co_agency__fb3533_idx",
        ),
    ]
