"""Forms for a person's needs: what they need in a part of life, where it stands, what stood in the way."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.casework.models import Barrier, LifeDomain, NeedKind, NeedStatus
from waypoint.people.forms import CHOOSE, DescribedErrorsForm

NOTE_HELP = _("Optional. Stored encrypted; never sent to anyone.")


def _barriers_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("What stood in the way"),
        choices=Barrier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NeedForm(DescribedErrorsForm):
    domain = forms.ChoiceField(label=_("Part of life"), choices=[])
    kind = forms.ChoiceField(label=_("Need"), choices=[("", CHOOSE), *NeedKind.choices])
    status = forms.ChoiceField(label=_("Where it stands"), choices=NeedStatus.choices, initial=NeedStatus.IDENTIFIED)
    barriers = _barriers_field()
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), help_text=NOTE_HELP
    )

    def __init__(self, *args: Any, domains: list[LifeDomain], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = {str(d.pk): d for d in domains}
        field = self.fields["domain"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", CHOOSE), *((pk, d.label) for pk, d in self.domains.items())]

    def clean_domain(self) -> LifeDomain:
        return self.domains[self.cleaned_data["domain"]]  # the ChoiceField refused anything else


class NeedChangeForm(DescribedErrorsForm):
    """One need's status and barriers, as a row on the page (ids prefixed with the need)."""

    status = forms.ChoiceField(label=_("Where it stands"), choices=NeedStatus.choices)
    barriers = _barriers_field()
