"""Workshops and contact requests become their own apps: step 3 of 3, the models leave this app's state.

Nothing changes in the database: the tables now belong to ``workshops`` and ``enquiries``.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_workshops_and_enquiries_tables"),
        ("workshops", "0001_initial"),
        ("enquiries", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Feedback"),
                migrations.DeleteModel(name="Registration"),
                migrations.DeleteModel(name="WorkshopSession"),
                migrations.DeleteModel(name="Workshop"),
                migrations.DeleteModel(name="ContactReply"),
                migrations.DeleteModel(name="ContactRequest"),
            ],
            database_operations=[],
        ),
    ]
