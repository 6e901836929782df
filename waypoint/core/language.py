"""Which language the reader sees, for content kept in ``*_fr`` fields beside the English ones."""

from __future__ import annotations

from django.utils.translation import get_language


def in_french() -> bool:
    """Whether the active language (the interface's, or an e-mail's override) is French."""
    return (get_language() or "en").startswith("fr")


def localized(english: str, french: str) -> str:
    """The French value when the language is French and it is filled in; otherwise the English."""
    return french if in_french() and french else english


class FrenchTitleAndDescription:
    """For models with ``title``/``description`` and their ``*_fr`` fields (workshops, library resources)."""

    title: str
    title_fr: str
    description: str
    description_fr: str

    @property
    def localized_title(self) -> str:
        return localized(self.title, self.title_fr)

    @property
    def localized_description(self) -> str:
        return localized(self.description, self.description_fr)
