"""The agency's list of life domains: parts of life a goal or a need belongs to."""

from __future__ import annotations

from typing import Any

from waypoint.accounts.models import Agency
from waypoint.casework.models import LifeDomain

# (key, English, French): the seed list from DOMAIN.md's service plan; each agency edits its own copy.
DEFAULT_DOMAINS: list[tuple[str, str, str]] = [
    ("leaving", "Leaving the trafficking situation", "Sortir de la situation de traite"),
    ("safety", "Safety", "Sécurité"),
    ("housing", "Housing", "Logement"),
    ("income", "Income and work", "Revenu et travail"),
    ("school", "School or training", "École ou formation"),
    ("health", "Health", "Santé"),
    ("mental_health", "Mental health", "Santé mentale"),
    ("substance_use", "Substance use", "Consommation de substances"),
    ("legal", "Legal matters", "Questions juridiques"),
    ("immigration", "Immigration", "Immigration"),
    ("documents", "Identity documents", "Pièces d'identité"),
    ("family", "Family and children", "Famille et enfants"),
    ("community", "Relationships and community", "Relations et communauté"),
]


def seed_defaults(agency: Agency, *, model: Any = LifeDomain) -> None:
    """Add the default domains an agency does not have yet (by key); ``model`` lets a migration pass its own."""
    have = set(model.objects.filter(agency_id=agency.pk).values_list("key", flat=True))
    model.objects.bulk_create(
        [
            model(agency_id=agency.pk, key=key, name=name, name_fr=name_fr, order=order)
            for order, (key, name, name_fr) in enumerate(DEFAULT_DOMAINS, 1)
            if key not in have
        ]
    )


def active_domains(agency_id: Any) -> list[LifeDomain]:
    return list(LifeDomain.objects.filter(agency_id=agency_id, is_active=True))


def domains_by_id(agency_id: Any) -> dict[Any, LifeDomain]:
    """Every domain of the agency, retired ones too (old encounters and goals still name them)."""
    return {d.pk: d for d in LifeDomain.objects.filter(agency_id=agency_id)}
