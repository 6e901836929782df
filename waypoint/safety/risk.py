"""The risk check-in's questions, in our own words: what changed since we last talked (not a risk score)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

QUESTIONS: tuple[tuple[str, Promise], ...] = (
    ("contact", _("Has the trafficker, or anyone connected to them, been in touch or tried to be?")),
    ("threats", _("Has anyone threatened them, or someone they care about?")),
    ("located", _("Do they think someone has found out where they live, work or go?")),
    ("recruitment", _("Has anyone new tried to recruit them or offered them work that sounded wrong?")),
    ("substances", _("Has their use of alcohol or drugs changed?")),
    ("housing", _("Have they lost their housing, or might they soon?")),
    ("court", _("Is a court date coming up?")),
)
QUESTION_KEYS = tuple(key for key, _label in QUESTIONS)
