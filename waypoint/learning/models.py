"""The learning hub's pages (home, topics, guides, resource library) and its resources.

Pages are Wagtail pages, edited at /cms/; resources are a Wagtail snippet, so the
same editors keep them current. Workshops live in ``waypoint.workshops`` and the
"speak with someone" requests in ``waypoint.enquiries``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from waypoint.core.language import FrenchTitleAndDescription, in_french, localized
from waypoint.core.models import BaseModel
from waypoint.learning.audiences import AudienceField, audience_labels

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


# --- Guide content blocks -----------------------------------------------------------


class CalloutBlock(blocks.StructBlock):
    """A short passage set apart from the text: something to remember, or to be careful about."""

    tone = blocks.ChoiceBlock(
        choices=[("note", _("Good to know")), ("caution", _("Be careful")), ("survivor", _("In a survivor's words"))],
        default="note",
        label=_("Kind"),
    )
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "pick"
        label = _("Callout")
        template = "learning/blocks/callout.html"


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default=_("Key points"), label=_("Heading"))
    points = blocks.ListBlock(blocks.CharBlock(label=_("Point")), label=_("Points"))

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "learning/blocks/key_points.html"


class PracticeLinkBlock(blocks.StructBlock):
    """Links a guide to the Waypoint tool where staff put it into practice."""

    tool = blocks.CharBlock(label=_("Tool"), help_text=_('The Waypoint tool\'s name, for example "safety plans".'))
    url = blocks.CharBlock(
        label=_("Address"), help_text=_("A path inside Waypoint, such as /home/. Staff sign in to reach it.")
    )
    description = blocks.TextBlock(required=False, label=_("What the tool helps with"))

    class Meta:
        icon = "link"
        label = _("Put this into practice")
        template = "learning/blocks/practice.html"


class ResourcesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default=_("Downloadable resources"), label=_("Heading"))
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        label = _("Downloadable resources")
        template = "learning/blocks/resources.html"


class GuideBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    callout = CalloutBlock()
    key_points = KeyPointsBlock()
    practice = PracticeLinkBlock()
    resources = ResourcesBlock()


# --- Pages ------------------------------------------------------------------------


class LearningHomePage(Page):
    """The learning hub's front page, and the Wagtail site root. There is one."""

    hub_section = "home"

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True, verbose_name=_("introduction"))
    intro_fr = RichTextField(features=RICH_TEXT_FEATURES, blank=True, verbose_name=_("introduction in French"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("intro_fr")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["learning.TopicIndexPage", "learning.ResourceLibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("learning hub home")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from waypoint.learning import selectors
        from waypoint.workshops import selectors as workshop_selectors

        context = super().get_context(request, *args, **kwargs)
        context["guides"] = selectors.guides_live()
        context["sessions"] = workshop_selectors.sessions_upcoming()[:3]
        context["topic_index"] = TopicIndexPage.objects.live().first()
        context["library"] = ResourceLibraryPage.objects.live().first()
        return context

    @property
    def localized_intro(self) -> str:
        return localized(self.intro, self.intro_fr)


class TopicIndexPage(Page):
    """Lists the topic guides in their set order."""

    hub_section = "guides"

    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    intro_fr = models.TextField(blank=True, verbose_name=_("introduction in French"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("intro_fr")]
    parent_page_types = ["learning.LearningHomePage"]
    subpage_types = ["learning.GuidePage"]

    class Meta:
        verbose_name = _("topic index")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from waypoint.learning import selectors

        context = super().get_context(request, *args, **kwargs)
        context["guides"] = selectors.guides_live(parent=self)
        return context

    @property
    def localized_intro(self) -> str:
        return localized(self.intro, self.intro_fr)


class GuidePage(Page):
    """One practice topic, read by professionals; it links to the tool that puts it into practice.

    French lives in ``*_fr`` fields of the same page (one URL per guide, searched in both
    languages), not in a second, translated page tree; ``localized_*`` pick the language.
    """

    hub_section = "guides"

    order = models.PositiveSmallIntegerField(default=100, verbose_name=_("order"))
    summary = models.TextField(verbose_name=_("summary"))
    title_fr = models.CharField(max_length=255, blank=True, verbose_name=_("title in French"))
    summary_fr = models.TextField(blank=True, verbose_name=_("summary in French"))
    audiences = AudienceField(verbose_name=_("audiences"))
    tool = models.CharField(max_length=120, blank=True, verbose_name=_("matching Waypoint tool"))
    body = StreamField(GuideBodyBlock(), blank=True, verbose_name=_("body"))
    body_fr = StreamField(GuideBodyBlock(), blank=True, verbose_name=_("body in French"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audiences"),
        FieldPanel("tool"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("title_fr"), FieldPanel("summary_fr"), FieldPanel("body_fr")],
            heading=_("French"),
            help_text=_("Shown when the reader's language is French. Leave a field empty to show the English."),
        ),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("order")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("title_fr"),
        index.SearchField("summary_fr"),
        index.SearchField("body"),
        index.SearchField("body_fr"),
        index.FilterField("order"),
    ]
    parent_page_types = ["learning.TopicIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("topic guide")

    @property
    def localized_title(self) -> str:
        return localized(self.title, self.title_fr)

    @property
    def localized_summary(self) -> str:
        return localized(self.summary, self.summary_fr)

    @property
    def body_in_french(self) -> bool:
        """Whether the reader sees the French body: the language is French and the page has one."""
        return in_french() and len(self.body_fr) > 0

    @property
    def localized_body(self) -> Any:
        return self.body_fr if self.body_in_french else self.body

    @property
    def audience_labels(self) -> list[str]:
        return audience_labels(self.audiences)


class ResourceLibraryPage(Page):
    """The library of downloadable resources, filtered by type and audience."""

    hub_section = "resources"

    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    intro_fr = models.TextField(blank=True, verbose_name=_("introduction in French"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("intro_fr")]
    parent_page_types = ["learning.LearningHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from waypoint.learning import selectors
        from waypoint.learning.forms import ResourceFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["resources"] = selectors.resources_list(
            resource_type=filters.get("type") or "", audience=filters.get("audience") or ""
        )
        return context

    @property
    def localized_intro(self) -> str:
        return localized(self.intro, self.intro_fr)


# --- Resources --------------------------------------------------------------------


class ResourceType(models.TextChoices):
    HANDOUT = "handout", _("Handout")
    CHECKLIST = "checklist", _("Checklist")
    TEMPLATE = "template", _("Template")
    RESEARCH = "research", _("Research summary")
    SLIDES = "slides", _("Training slides")


class ResourceQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class Resource(FrenchTitleAndDescription, index.Indexed, BaseModel):
    """A downloadable document with who it is for; the document itself lives in Wagtail's documents."""

    title = models.CharField(max_length=255, verbose_name=_("title"))
    description = models.TextField(blank=True, max_length=2000, verbose_name=_("description"))
    title_fr = models.CharField(max_length=255, blank=True, verbose_name=_("title in French"))
    description_fr = models.TextField(blank=True, max_length=2000, verbose_name=_("description in French"))
    resource_type = models.CharField(
        max_length=32, choices=ResourceType.choices, default=ResourceType.HANDOUT, verbose_name=_("type")
    )
    audiences = AudienceField(verbose_name=_("audiences"))
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("resource_type"),
        FieldPanel("audiences"),
        FieldPanel("document"),
        MultiFieldPanel(
            [FieldPanel("title_fr"), FieldPanel("description_fr")],
            heading=_("French"),
            help_text=_("Shown when the reader's language is French. Leave a field empty to show the English."),
        ),
    ]
    objects = ResourceQuerySet.as_manager()
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.SearchField("title_fr", boost=2),
        index.SearchField("description_fr"),
        index.AutocompleteField("title"),
        index.FilterField("resource_type"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("resource")

    def __str__(self) -> str:
        return self.title

    @property
    def audience_labels(self) -> list[str]:
        return audience_labels(self.audiences)
