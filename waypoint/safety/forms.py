"""The forms of safety planning: the whole plan in one short form, the wallet card, the risk check-in."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.people.forms import DATE, DescribedErrorsForm
from waypoint.safety.models import Answer
from waypoint.safety.risk import QUESTIONS
from waypoint.safety.sections import (
    FIELD_LABELS,
    ITEM_FIELDS,
    MAX_FIELD,
    MAX_WORDS,
    NUMBER,
    SECTIONS,
    Section,
    new_item_id,
)

# Blank rows under each section's items, to add without a click that needs JavaScript.
EXTRA_ROWS = 2
# The fields a row must have when anything in it is filled in.
REQUIRED_IN_ROW = {"strategy": ("text",), "person": ("name",), "number": ("label", "number")}


class DayForm(DescribedErrorsForm):
    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def _clean_day(self, name: str) -> datetime.date:
        day: datetime.date = self.cleaned_data[name]
        if day > self.today:
            raise forms.ValidationError(_("Choose today or an earlier date."))
        return day


class PlanForm(DayForm):
    """Every section with the person's words and the agreed items, as rows; an emptied row is removed."""

    made_on = forms.DateField(label=_("Date of the conversation"), widget=DATE)
    with_person = forms.BooleanField(label=_("Made with the person"), required=False, initial=True)
    why_not = forms.CharField(
        label=_("If not, why not"),
        required=False,
        max_length=500,
        help_text=_("For example: by phone with their counsellor, or they asked us to write it down for them."),
    )
    review_days = forms.IntegerField(
        label=_("Review every (days)"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_("Leave empty for the agency's cadence."),
    )

    def __init__(self, *args: Any, before: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("made_on", self.today)
        self.before = {s["key"]: s for s in before}
        self.rows: dict[str, int] = {}
        for section in SECTIONS:
            had = self.before.get(section.key, {})
            self.fields[f"{section.key}-words"] = forms.CharField(
                label=_("In their words"),
                required=False,
                max_length=MAX_WORDS,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=str(section.prompt),
            )
            self.initial.setdefault(f"{section.key}-words", had.get("words", ""))
            items = had.get("items", [])
            self.rows[section.key] = len(items) + EXTRA_ROWS
            for row in range(self.rows[section.key]):
                item = items[row] if row < len(items) else {}
                self.fields[f"{section.key}-{row}-id"] = forms.CharField(
                    required=False, widget=forms.HiddenInput, max_length=32
                )
                self.initial.setdefault(f"{section.key}-{row}-id", item.get("id", ""))
                for name in ITEM_FIELDS[section.item_kind]:
                    self.fields[f"{section.key}-{row}-{name}"] = forms.CharField(
                        label=str(FIELD_LABELS[name]), required=False, max_length=MAX_FIELD
                    )
                    self.initial.setdefault(f"{section.key}-{row}-{name}", item.get(name, ""))

    def section_parts(self) -> list[dict[str, Any]]:
        """For the template: each section's words field and its rows of fields, open when it has content."""
        parts = []
        for section in SECTIONS:
            rows = [
                {
                    "id": self[f"{section.key}-{row}-id"],
                    "fields": [self[f"{section.key}-{row}-{name}"] for name in ITEM_FIELDS[section.item_kind]],
                }
                for row in range(self.rows[section.key])
            ]
            has_errors = any(name.startswith(f"{section.key}-") for name in (self.errors if self.is_bound else {}))
            parts.append(
                {
                    "section": section,
                    "words": self[f"{section.key}-words"],
                    "rows": rows,
                    "open": section.key in self.before or has_errors,
                }
            )
        return parts

    def clean_made_on(self) -> datetime.date:
        return self._clean_day("made_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("with_person") and not (data.get("why_not") or "").strip():
            self.add_error("why_not", _("Say why the plan was not made with the person this time."))
        self.content = [s for s in (self._section(section, data) for section in SECTIONS) if s is not None]
        return data

    def _section(self, section: Section, data: dict[str, Any]) -> dict[str, Any] | None:
        known = {item.get("id") for item in self.before.get(section.key, {}).get("items", [])}
        used: set[str] = set()
        items = []
        for row in range(self.rows[section.key]):
            values = {
                name: (data.get(f"{section.key}-{row}-{name}") or "").strip() for name in ITEM_FIELDS[section.item_kind]
            }
            if not any(values.values()):
                continue  # an empty row: nothing to add, or an item removed
            missing = [name for name in REQUIRED_IN_ROW[section.item_kind] if not values[name]]
            for name in missing:
                self.add_error(
                    f"{section.key}-{row}-{name}", _("Fill this in, or empty the whole row to leave it out.")
                )
            # An id the form was given for this section keeps the item's identity; anything else is new.
            item_id = (data.get(f"{section.key}-{row}-id") or "").strip()
            if item_id not in known or item_id in used:
                item_id = new_item_id()
            used.add(item_id)
            if section.item_kind == NUMBER and not values.get("card_label"):
                values.pop("card_label", None)
            items.append({"id": item_id, **{k: v for k, v in values.items() if v}})
        words = (data.get(f"{section.key}-words") or "").strip()
        if not words and not items:
            return None
        return {"key": section.key, "words": words, "items": items}


class CardForm(DescribedErrorsForm):
    """What the wallet card carries: a heading the person chose and some lines, or nothing, with the reason."""

    heading = forms.CharField(
        label=_("Heading on the card"),
        required=False,
        max_length=60,
        help_text=_("Words the person chose, that say nothing about what the card is: “Numbers”, “Tuesday”, a name."),
    )
    items = forms.MultipleChoiceField(
        label=_("Lines on the card"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    nothing_because = forms.CharField(
        label=_("Or print nothing, because"),
        required=False,
        max_length=300,
        help_text=_("For example: someone checks their bag. The full plan stays here."),
    )

    def __init__(self, *args: Any, offered: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(item["id"], item["line"]) for item in offered if item["line"]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("nothing_because") or "").strip():
            if not (data.get("heading") or "").strip():
                self.add_error("heading", _("Give the card a heading, or say why nothing is printed."))
            if not data.get("items"):
                self.add_error("items", _("Choose at least one line, or say why nothing is printed."))
        return data


class RiskCheckInForm(DayForm):
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they told you, if it helps the plan. Stored encrypted."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", self.today)
        for key, label in QUESTIONS:
            self.fields[f"q-{key}"] = forms.ChoiceField(
                label=str(label), choices=Answer.choices, widget=forms.RadioSelect, initial=Answer.NOT_ASKED
            )
        self.order_fields(["on", *(f"q-{key}" for key, _label in QUESTIONS), "note"])

    def clean_on(self) -> datetime.date:
        return self._clean_day("on")

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"q-{key}"] for key, _label in QUESTIONS}


class CadenceForm(DescribedErrorsForm):
    days = forms.IntegerField(
        label=_("Review each safety plan every (days)"),
        min_value=1,
        max_value=365,
        help_text=_("A plan with its own cadence keeps it. A new cadence counts from each plan's next version."),
    )
