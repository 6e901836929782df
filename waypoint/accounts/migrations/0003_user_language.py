from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True, choices=[("en", "English"), ("fr", "Français")], max_length=8, verbose_name="language"
            ),
        ),
    ]
