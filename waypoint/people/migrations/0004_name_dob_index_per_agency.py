"""Recompute every name + date-of-birth blind index with the agency's own key (issue 7, finding 6).

The old index was the same in every agency, so a database dump could link one
person's records across agencies. Each record (and each history snapshot, which
copies the index) is read, its legal name and date of birth decrypted with the
key ring, and its index recomputed for its agency. The record's history trigger
is skipped: a derived index is not a new version of the record.
"""

import base64
import hashlib
import hmac

import pgtrigger
from django.conf import settings
from django.db import migrations

PURPOSE = "person.name_dob"


def _scoped(row):
    from waypoint.core.crypto import blind_index

    if not row.legal_name or not row.legal_name.strip() or row.date_of_birth is None:
        return ""
    return blind_index(row.legal_name, row.date_of_birth.isoformat(), purpose=PURPOSE, scope=str(row.agency_id))


def _legacy(row):
    """The index before this migration (one key for every agency), for rolling back only."""
    from waypoint.core.crypto import normalise

    if not row.legal_name or not row.legal_name.strip() or row.date_of_birth is None:
        return ""
    key = base64.urlsafe_b64decode(settings.WAYPOINT_INDEX_KEY.encode())
    message = "\x1f".join([PURPOSE, normalise(row.legal_name), row.date_of_birth.isoformat()]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _recompute(apps, compute):
    fields = ("id", "agency_id", "legal_name", "date_of_birth", "name_dob_index")
    for model_name in ("Person", "PersonEvent"):
        model = apps.get_model("people", model_name)
        for row in model.objects.only(*fields).iterator(chunk_size=500):
            index = compute(row)
            if index != row.name_dob_index:
                model.objects.filter(pk=row.pk).update(name_dob_index=index)


def recompute_indexes(apps, schema_editor):
    with pgtrigger.ignore("people.Person:update_update"):
        _recompute(apps, _scoped)


def restore_legacy_indexes(apps, schema_editor):
    with pgtrigger.ignore("people.Person:update_update"):
        _recompute(apps, _legacy)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_message_status"),
    ]

    operations = [
        migrations.RunPython(recompute_indexes, restore_legacy_indexes),
    ]
