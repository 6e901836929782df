"""Forms of the learning hub: search and the resource filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.learning.audiences import Audience
from waypoint.learning.models import ResourceType

AUDIENCE_CHOICES = [("", _("Everyone")), *Audience.choices]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search guides and resources"), max_length=200, required=False)
    audience = forms.ChoiceField(label=_("Written for"), choices=AUDIENCE_CHOICES, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["q"].widget.input_type = "search"


class ResourceFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *ResourceType.choices], required=False)
    audience = forms.ChoiceField(label=_("Written for"), choices=AUDIENCE_CHOICES, required=False)
