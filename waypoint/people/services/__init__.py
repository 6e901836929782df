"""Writes for survivor records, one module per subject. Each write is atomic and records its audit event
(ids only) in the same transaction; reads live in ``selectors`` and ``access``.

* ``lifecycle``: creating, changing, closing and reopening a record;
* ``care``: care teams, break-the-glass grants, a staff member's departure;
* ``consent``: releases (recording, changing, revoking);
* ``safe_contact``: safe-contact records and ``send``, the only way anything reaches a person;
* ``retention``: purging records past their agency's retention.
"""
