"""Build the demo agency and its sign-ins. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from waypoint import audit
from waypoint.accounts.models import Agency, Membership, User
from waypoint.accounts.roles import Role

DEMO_AGENCY = "Harbour Light Services (fictional)"
PARTNER_AGENCY = "Northshore Legal Clinic (fictional)"
# Demo-only passwords, printed by `make demo`. Demo mode refuses to run in production.
DEMO_PASSWORD = "waypoint-demo-2026"  # noqa: S105 - printed for the fictional demo only


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    name: str
    role: Role
    agency: str


SIGN_INS = [
    DemoSignIn("advocate@demo.waypoint.test", "Ada Advocate", Role.ADVOCATE, DEMO_AGENCY),
    DemoSignIn("advocate2@demo.waypoint.test", "Ben Advocate", Role.ADVOCATE, DEMO_AGENCY),
    DemoSignIn("housing@demo.waypoint.test", "Hana Housing", Role.HOUSING_STAFF, DEMO_AGENCY),
    DemoSignIn("supervisor@demo.waypoint.test", "Sam Supervisor", Role.SUPERVISOR, DEMO_AGENCY),
    DemoSignIn("manager@demo.waypoint.test", "Pat Manager", Role.PROGRAM_MANAGER, DEMO_AGENCY),
    DemoSignIn("intake@demo.waypoint.test", "Ines Intake", Role.INTAKE, DEMO_AGENCY),
    DemoSignIn("editor@demo.waypoint.test", "Cora Editor", Role.CONTENT_EDITOR, DEMO_AGENCY),
    DemoSignIn("admin@demo.waypoint.test", "Adam Admin", Role.AGENCY_ADMIN, DEMO_AGENCY),
    DemoSignIn("partner@demo.waypoint.test", "Priya Partner", Role.PARTNER, PARTNER_AGENCY),
]


@transaction.atomic
def load_accounts() -> dict[str, Agency]:
    agencies = {
        DEMO_AGENCY: Agency.objects.get_or_create(name=DEMO_AGENCY)[0],
        PARTNER_AGENCY: Agency.objects.get_or_create(name=PARTNER_AGENCY, defaults={"is_partner": True})[0],
    }
    for sign_in in SIGN_INS:
        user = User.objects.filter(email=sign_in.email).first()
        if user is None:
            user = User.objects.create_user(sign_in.email, DEMO_PASSWORD, display_name=sign_in.name)
            audit.record(action="demo.user_created", target=user, agency=agencies[sign_in.agency])
        Membership.objects.get_or_create(user=user, agency=agencies[sign_in.agency], defaults={"role": sign_in.role})
    _invitation_awaiting_approval(agencies[DEMO_AGENCY])
    return agencies


# Invited by the demo admin as an advocate: the supervisor (or a second admin) approves it under
# Approvals, and the invitation e-mail, with its link, then appears in the terminal.
NEW_COLLEAGUE = "new.colleague@demo.waypoint.test"


def _invitation_awaiting_approval(agency: Agency) -> None:
    from waypoint.accounts import services
    from waypoint.accounts.models import Invitation

    if Invitation.objects.filter(agency=agency, email=NEW_COLLEAGUE).exists():
        return
    admin = User.objects.get(email="admin@demo.waypoint.test")
    services.invitation_create(actor=admin, agency=agency, email=NEW_COLLEAGUE, role=Role.ADVOCATE)


def load() -> None:
    """Everything the demo shows; each capability has its own loader module beside this one."""
    from waypoint.demo import casework, housing, learning, needs, people, safety, stages

    agencies = load_accounts()
    people.load(agencies)
    casework.load(agencies)
    needs.load(agencies)
    stages.load(agencies)
    safety.load(agencies)
    housing.load(agencies)
    learning.load(agencies)
