"""The PostgreSQL extensions Waypoint uses, on the embedded server and on any other.

btree_gist: exclusion constraints that mix equality and ranges (no double-booked bed).
pg_trgm: trigram similarity, for fuzzy search of text that is not encrypted. unaccent:
accent-blind search ("Helene" finds "Hélène").
All three are contrib modules and "trusted" (PostgreSQL 13+), so a database owner without
superuser rights may create them. A migration that relies on one depends on this one.
"""

from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        BtreeGistExtension(),
        TrigramExtension(),
        UnaccentExtension(),
    ]
