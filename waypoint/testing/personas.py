"""The people our tests sign in as, one per role plus the awkward cases.

Home agency "Harbour" holds the records; "Elsewhere" is another agency whose
staff must never see Harbour's; "Northshore" is a partner agency.

    alice   advocate            bob     advocate (same agency, other caseload)
    hana    housing_staff       sam     supervisor
    pat     program_manager     ines    intake
    cora    content_editor      adam    agency_admin
    peter   partner (Northshore)
    oscar   advocate at Elsewhere (outsider)
    dora    deactivated advocate at Harbour
    anonymous                   (no sign-in)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from waypoint.accounts.models import Agency, Membership, User
from waypoint.accounts.roles import Role

PASSWORD = "correct horse battery staple"


@dataclass
class Persona:
    key: str
    role: str | None
    agency_key: str | None
    active: bool = True
    user: User | None = None
    totp_secret: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user is None


PERSONA_SPECS: list[tuple[str, str | None, str | None, bool]] = [
    ("alice", Role.ADVOCATE, "harbour", True),
    ("bob", Role.ADVOCATE, "harbour", True),
    ("hana", Role.HOUSING_STAFF, "harbour", True),
    ("sam", Role.SUPERVISOR, "harbour", True),
    ("pat", Role.PROGRAM_MANAGER, "harbour", True),
    ("ines", Role.INTAKE, "harbour", True),
    ("cora", Role.CONTENT_EDITOR, "harbour", True),
    ("adam", Role.AGENCY_ADMIN, "harbour", True),
    ("peter", Role.PARTNER, "northshore", True),
    ("oscar", Role.ADVOCATE, "elsewhere", True),
    ("dora", Role.ADVOCATE, "harbour", False),
    ("anonymous", None, None, True),
]


@dataclass
class World:
    agencies: dict[str, Agency] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Persona:
        return self.personas[key]

    def user(self, key: str) -> User:
        user = self.personas[key].user
        assert user is not None, f"{key} is anonymous"
        return user


def make_user(
    email: str, *, agency: Agency, role: str, active: bool = True, mfa: bool = True
) -> tuple[User, str | None]:
    user = User.objects.create_user(email, PASSWORD, display_name=email.split("@")[0].title(), is_active=active)
    Membership.objects.create(user=user, agency=agency, role=role, is_active=active)
    secret = None
    if mfa:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    return user, secret


def build_world(*, mfa: bool = True) -> World:
    world = World()
    world.agencies = {
        "harbour": Agency.objects.create(name="Harbour Test Agency"),
        "elsewhere": Agency.objects.create(name="Elsewhere Test Agency"),
        "northshore": Agency.objects.create(name="Northshore Test Partner", is_partner=True),
    }
    for key, role, agency_key, active in PERSONA_SPECS:
        persona = Persona(key=key, role=role, agency_key=agency_key, active=active)
        if role is not None and agency_key is not None:
            persona.user, persona.totp_secret = make_user(
                f"{key}@test.waypoint.invalid", agency=world.agencies[agency_key], role=role, active=active, mfa=mfa
            )
        world.personas[key] = persona
    return world


def has_mfa(user: User) -> bool:
    return Authenticator.objects.filter(user=user).exists()
