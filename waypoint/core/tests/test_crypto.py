"""Field encryption: round trips, loud failures, key rotation, the blind index."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, models
from hypothesis import given
from hypothesis import strategies as st

from waypoint.core.crypto import DecryptionError, KeyRing, blind_index, key_ring
from waypoint.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from waypoint.env import new_key

RING = KeyRing.from_strings([new_key()])


@given(st.text())
def test_any_text_round_trips(text):
    assert RING.decrypt(RING.encrypt(text)) == text


def test_the_same_text_encrypts_differently_each_time():
    assert RING.encrypt("Jane Roe") != RING.encrypt("Jane Roe")


def test_a_wrong_key_raises_instead_of_returning_ciphertext():
    stored = RING.encrypt("Jane Roe")
    other = KeyRing.from_strings([new_key()])
    with pytest.raises(DecryptionError):
        other.decrypt(stored)


def test_a_key_with_the_right_id_but_altered_ciphertext_raises():
    stored = RING.encrypt("Jane Roe")
    prefix, kid, payload = stored.split(":")
    flipped = payload[:-6] + ("A" if payload[-6] != "A" else "B") + payload[-5:]
    with pytest.raises(DecryptionError):
        RING.decrypt(f"{prefix}:{kid}:{flipped}")


def test_plaintext_in_an_encrypted_column_raises():
    with pytest.raises(DecryptionError):
        RING.decrypt("Jane Roe")


def test_an_empty_key_ring_is_refused():
    with pytest.raises(ValueError, match="empty"):
        KeyRing.from_strings([])


def test_old_keys_still_decrypt_after_a_new_key_goes_first():
    old = new_key()
    stored = KeyRing.from_strings([old]).encrypt("555-0100")
    rotated = KeyRing.from_strings([new_key(), old])
    assert rotated.decrypt(stored) == "555-0100"
    assert not rotated.is_current(stored)


def test_blind_index_matches_despite_case_accents_and_spacing(settings):
    assert blind_index("Émilie  Roy", "2001-02-03", purpose="name", scope="agency-1") == blind_index(
        "emilie roy", "2001-02-03", purpose="name", scope="agency-1"
    )
    assert blind_index("Emilie Roy", purpose="name", scope="agency-1") != blind_index(
        "Emilie Roy", purpose="phone", scope="agency-1"
    )


def test_blind_index_depends_on_the_index_key(settings):
    before = blind_index("Emilie Roy", purpose="name", scope="agency-1")
    settings.WAYPOINT_INDEX_KEY = new_key()
    assert blind_index("Emilie Roy", purpose="name", scope="agency-1") != before


def test_blind_index_is_keyed_per_scope_so_two_agencies_cannot_be_linked(settings):
    one = blind_index("Emilie Roy", "2001-02-03", purpose="name", scope="agency-1")
    two = blind_index("Emilie Roy", "2001-02-03", purpose="name", scope="agency-2")
    assert one != two and len(one) == len(two) == 64
    # The scope is not simply one more part: ("a", scope "b") and ("b", scope "a") differ.
    assert blind_index("a", purpose="name", scope="b") != blind_index("b", purpose="name", scope="a")


def test_blind_index_refuses_an_empty_scope(settings):
    with pytest.raises(ValueError):
        blind_index("Emilie Roy", purpose="name", scope="")


class Secret(models.Model):
    """A model that exists only in tests. The core app has no migrations, so the test database
    creation (syncdb) makes its table; tests roll back their rows."""

    text = EncryptedTextField(null=True, blank=True)
    born = EncryptedDateField(null=True, blank=True)
    extra = EncryptedJSONField(null=True, blank=True)

    class Meta:
        app_label = "core"
        db_table = "core_test_secret"

    def __str__(self) -> str:
        return str(self.pk)


@pytest.fixture
def secret_table(db):
    return Secret


def raw_values(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text, born, extra FROM {table}")  # noqa: S608
        return cursor.fetchall()


def test_fields_store_only_ciphertext_and_read_back_values(secret_table):
    row = secret_table.objects.create(text="Jane Roe", born=datetime.date(2001, 2, 3), extra={"languages": ["fr"]})
    ((text, born, extra),) = raw_values("core_test_secret")
    assert "Jane" not in text and "2001" not in born and "languages" not in extra
    assert all(value.startswith("wp1:") for value in (text, born, extra))
    fresh = secret_table.objects.get(pk=row.pk)
    assert (fresh.text, fresh.born, fresh.extra) == ("Jane Roe", datetime.date(2001, 2, 3), {"languages": ["fr"]})


def test_encrypted_fields_cannot_be_searched(secret_table):
    with pytest.raises(FieldError):
        list(secret_table.objects.filter(text__icontains="Jane"))
    with pytest.raises(FieldError):
        list(secret_table.objects.filter(text="Jane"))


def test_a_missing_key_fails_loudly_when_reading(secret_table, settings):
    secret_table.objects.create(text="Jane Roe")
    settings.WAYPOINT_DATA_KEYS = [new_key()]
    with pytest.raises(DecryptionError):
        list(secret_table.objects.all())


def test_rotate_data_keys_re_encrypts_everything_under_the_first_key(secret_table, settings):
    old = list(settings.WAYPOINT_DATA_KEYS)
    secret_table.objects.create(text="Jane Roe", born=datetime.date(2001, 2, 3), extra={"a": 1})
    secret_table.objects.create(text="Ana Silva")
    settings.WAYPOINT_DATA_KEYS = [new_key(), *old]
    out = StringIO()
    call_command("rotate_data_keys", stdout=out)
    assert "4 values now under key" in out.getvalue().replace("Done: ", "")
    ring = key_ring()
    assert all(ring.is_current(v) for row in raw_values("core_test_secret") for v in row if v)
    # The old key can now go: everything still reads.
    settings.WAYPOINT_DATA_KEYS = settings.WAYPOINT_DATA_KEYS[:1]
    assert sorted(s.text for s in secret_table.objects.all()) == ["Ana Silva", "Jane Roe"]
    out = StringIO()
    call_command("rotate_data_keys", stdout=out)
    assert "Done: 0 values" in out.getvalue()
