"""Placeholder wording for instruments shipped as scoring keys only, for tests and the demo.

The published wording of URICA and the Vera TVIT is not ours to copy (DOMAIN.md's licence table), so
the demo and the tests import text that says, on every item, that it stands in for the real wording.
An agency imports its own licensed copy through the same importer.
"""

from __future__ import annotations

from waypoint.instruments.loader import Definition


def placeholder_wording(definition: Definition) -> str:
    """A wording file (number, English, French; tab-separated) in which every item says it is a placeholder."""
    lines = ["number\tEnglish\tFrench"]
    for item in definition.items:
        lines.append(
            f"{item.number}\t"
            f"Placeholder for item {item.number}: the agency imports the published wording from its own copy.\t"
            f"Texte provisoire de l’énoncé {item.number} : l’organisme importe le texte publié de son propre exemplaire."
        )
    return "\n".join(lines) + "\n"
