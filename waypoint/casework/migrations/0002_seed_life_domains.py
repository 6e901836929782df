"""Every agency that exists before casework gets the default life domains (new agencies get them on creation)."""

from django.db import migrations


def seed(apps, schema_editor):
    from waypoint.casework.domains import seed_defaults

    Agency = apps.get_model("accounts", "Agency")
    LifeDomain = apps.get_model("casework", "LifeDomain")
    for agency in Agency.objects.all():
        seed_defaults(agency, model=LifeDomain)


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
