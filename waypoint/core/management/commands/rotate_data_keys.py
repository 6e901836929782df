"""Re-encrypt every encrypted field under the first key of the ring.

Run after putting a new key first in WAYPOINT_DATA_KEYS (keeping the old ones
after it). When it reports 0 values left under old keys, the old keys can go.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from waypoint.core.crypto import key_ring
from waypoint.core.fields import encrypted_fields

BATCH = 500


def rotate_model(model: Any, ring: Any) -> int:
    """Re-encrypt one table's values in batches, reading raw ciphertext so nothing is decrypted twice."""
    fields = encrypted_fields(model)
    if not fields:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(str(model._meta.pk.column))
    columns = [connection.ops.quote_name(str(f.column)) for f in fields]
    changed = 0
    last = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            where = f"WHERE {pk} > %s" if last is not None else ""
            cursor.execute(
                f"SELECT {pk}, {', '.join(columns)} FROM {table} {where} ORDER BY {pk} LIMIT {BATCH} FOR UPDATE",  # noqa: S608 - identifiers quoted, values bound
                [last] if last is not None else [],
            )
            rows = cursor.fetchall()
            if not rows:
                return changed
            for row in rows:
                updates = {
                    column: ring.encrypt(ring.decrypt(value))
                    for column, value in zip(columns, row[1:], strict=True)
                    if value and not ring.is_current(value)
                }
                if updates:
                    assignments = ", ".join(f"{column} = %s" for column in updates)
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                        [*updates.values(), row[0]],
                    )
                    changed += len(updates)
            last = rows[-1][0]


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields under the first data key."

    def handle(self, *args: Any, **options: Any) -> None:
        ring = key_ring()
        total = 0
        tables = set(connection.introspection.table_names())
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed or model._meta.db_table not in tables:
                continue
            count = rotate_model(model, ring)
            if count:
                self.stdout.write(f"{model._meta.label}: {count} values re-encrypted")
            total += count
        self.stdout.write(f"Done: {total} values now under key {ring.current_id}.")
