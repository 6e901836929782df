"""Wagtail admin forms: editors type a session's times as they are on the clock in the session's own time zone."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

TIME_FIELDS = ("starts_at", "ends_at")
VENUE_FIELDS = ("place", "online_link")


class WorkshopAdminForm(WagtailAdminModelForm):
    """Django reads a typed time in the server's zone; a session's times belong to the session's zone.

    Existing times are shown on the session's clock, and what the editor types is read on it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form in self.formsets["sessions"].forms:
            instance = form.instance
            if instance.pk and instance.starts_at and instance.ends_at:
                for name in TIME_FIELDS:
                    form.initial[name] = timezone.localtime(getattr(instance, name), instance.zone).replace(tzinfo=None)

    def save(self, commit: bool = True) -> Any:
        for form in self.formsets["sessions"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            zone = data.get("time_zone")
            if not zone or data.get("DELETE"):
                continue
            for name in TIME_FIELDS:
                value = data.get(name)
                if value is not None:
                    on_the_clock = timezone.make_naive(value)
                    setattr(form.instance, name, timezone.make_aware(on_the_clock, zoneinfo.ZoneInfo(zone)))
        with transaction.atomic():
            self._audit_venue_changes()
            return super().save(commit=commit)

    def _audit_venue_changes(self) -> None:
        """A new place or link reaches confirmed attendees in their reminders: who changed it is recorded."""
        from waypoint import audit
        from waypoint.workshops.models import RegistrationState

        for form in self.formsets["sessions"].forms:
            session = form.instance
            changed = [name for name in VENUE_FIELDS if name in form.changed_data]
            if not session.pk or not changed:
                continue
            confirmed = session.registrations.filter(state=RegistrationState.CONFIRMED).count()
            if not confirmed:
                continue
            audit.record(
                action="workshops.session_venue_changed",
                actor=self.for_user,
                agency=self.instance.agency_id,
                target=session,
                detail={"fields": ",".join(changed), "confirmed": confirmed},
            )
