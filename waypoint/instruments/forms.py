"""Forms for instruments: the questionnaire itself (built from its definition), and the administrator's two files.

The questionnaire form checks shapes only (an answer is one of the choices offered); the service checks
the rest (the skip rules, the part of life, the date).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from waypoint.casework.models import LifeDomain
from waypoint.core.language import localized
from waypoint.instruments.loader import Definition, Item, Words
from waypoint.instruments.services import MAX_FILE_CHARACTERS
from waypoint.people.forms import CHOOSE, DATE, DescribedErrorsForm

SKIP = "skip"


def words(value: Words | None) -> str:
    return localized(value.en, value.fr) if value is not None else ""


def scale_choices(definition: Definition) -> list[tuple[str, str]]:
    """Every point of the scale; a point with a label shows it (alone when every point has one)."""
    labels = definition.scale.labels
    points = range(definition.scale.min, definition.scale.max + 1)
    every_labelled = all(point in labels for point in points)
    choices = []
    for point in points:
        if every_labelled:
            shown = words(labels[point])
        elif point in labels:
            shown = f"{point} – {words(labels[point])}"
        else:
            shown = str(point)
        choices.append((str(point), shown))
    return choices


def item_field_name(item: Item) -> str:
    return f"item_{item.number}"


class QuestionnaireForm(DescribedErrorsForm):
    """One radio group per item (legend: the item's text), an explicit skip unless the item may not be skipped."""

    taken_on = forms.DateField(
        label=_("Date filled in"), widget=DATE, help_text=_("The day you went through it together.")
    )

    def __init__(
        self, *args: Any, definition: Definition, domains: list[LifeDomain], today: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.today = today
        self.initial.setdefault("taken_on", today)
        self.domains = {str(d.pk): d for d in domains}
        if definition.per_domain:
            self.fields["domain"] = forms.ChoiceField(
                label=_("Part of life"),
                choices=[("", CHOOSE), *((pk, d.label) for pk, d in self.domains.items())],
                help_text=_("The change this is about, in one part of the person's life."),
            )
        choices = scale_choices(definition)
        for item in definition.items:
            item_choices = [*choices, (SKIP, str(_("Skip this question")))] if item.may_skip else choices
            self.fields[item_field_name(item)] = forms.ChoiceField(
                label=words(item.text) or _("Question %(number)s") % {"number": item.number},
                choices=item_choices,
                required=not item.may_skip,
                widget=forms.RadioSelect,
                help_text=words(item.why),
                error_messages={"required": _("This question needs an answer: it cannot be skipped.")},
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item_field_name(item)] for item in self.definition.items]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("domain", "taken_on") if name in self.fields]

    def clean_taken_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["taken_on"]
        if day > self.today:
            raise forms.ValidationError(_("Choose today or an earlier date."))
        return day

    def clean_domain(self) -> LifeDomain:
        return self.domains[self.cleaned_data["domain"]]

    def answers(self) -> dict[int, int | None]:
        """Item number → answer; a skip (chosen, or nothing chosen) is None."""
        found: dict[int, int | None] = {}
        for item in self.definition.items:
            value = self.cleaned_data.get(item_field_name(item)) or SKIP
            found[item.number] = None if value == SKIP else int(value)
        return found


def _read_upload(upload: UploadedFile) -> str:
    if upload.size is not None and upload.size > MAX_FILE_CHARACTERS * 4:
        raise forms.ValidationError(_("The file is too large."))
    raw = upload.read()
    # A byte-order mark tells UTF-16 (spreadsheets save "Unicode text" so); anything else is read as UTF-8.
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        pass
    # Excel on Windows saves "Text (tab delimited)" as Windows-1252: French accents arrive as single bytes.
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise forms.ValidationError(
            _(
                "The file could not be read as text. Save it as UTF-8 text (a plain .txt, .yaml or .json file) and try again."
            )
        ) from None


class TextFileForm(DescribedErrorsForm):
    """A file, or the same text pasted in: whichever is given."""

    file = forms.FileField(label=_("File"), required=False)
    text = forms.CharField(
        label=_("Or paste the text here"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MAX_FILE_CHARACTERS,
    )

    def __init__(self, *args: Any, file_help: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if file_help:
            self.fields["file"].help_text = file_help

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            data["content"] = _read_upload(upload)
        elif (data.get("text") or "").strip():
            data["content"] = data["text"]
        else:
            raise forms.ValidationError(_("Choose a file, or paste its text."))
        return data
