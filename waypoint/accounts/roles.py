"""The roles a membership can hold, and which of them see survivor data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADVOCATE = "advocate", _("Advocate")
    HOUSING_STAFF = "housing_staff", _("Housing staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    INTAKE = "intake", _("Intake")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    PARTNER = "partner", _("Partner agency")


# Roles that may hold survivor records (care team, supervision, break the glass).
CLINICAL_ROLES = frozenset({Role.ADVOCATE, Role.HOUSING_STAFF, Role.SUPERVISOR})
# Roles that may edit the learning hub in the CMS (Wagtail at /cms/): its editors and the agency's administrators.
CMS_EDITOR_ROLES = frozenset({Role.CONTENT_EDITOR, Role.AGENCY_ADMIN})
# Every role but content editors handles data about people, so must use MFA.
MFA_EXEMPT_ROLES = frozenset({Role.CONTENT_EDITOR})


def grants_record_access(previous: str | None, role: str) -> bool:
    """Whether moving from ``previous`` (None: no membership yet) to ``role`` opens survivor records.

    Such a grant needs a second person's approval. Moving down or across among the
    clinical roles (a supervisor becoming an advocate) opens nothing new; becoming a
    supervisor always does, since supervisors see every record of the agency.
    """
    if role == Role.SUPERVISOR:
        return previous != Role.SUPERVISOR
    return role in CLINICAL_ROLES and previous not in CLINICAL_ROLES
