"""The learning hub's pages (home, topics, guides, resource library), resources, workshops and contact requests.

Pages are Wagtail pages, edited at /cms/. Workshops and resources are Wagtail
snippets, so the same editors keep them current. Registrations and contact
requests come from the public and hold personal details, so those are
encrypted at rest and written only through ``learning.services``.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from waypoint.core.fields import EncryptedTextField
from waypoint.core.models import BaseModel
from waypoint.learning.admin_forms import WorkshopAdminForm
from waypoint.learning.audiences import AudienceField, audience_labels

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
TIME_ZONES = sorted((tz, tz) for tz in zoneinfo.available_timezones() if "/" in tz and not tz.startswith("Etc/"))


def _in_french() -> bool:
    return (get_language() or "en").startswith("fr")


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

        context = super().get_context(request, *args, **kwargs)
        context["guides"] = selectors.guides_live()
        context["sessions"] = selectors.sessions_upcoming()[:3]
        context["topic_index"] = TopicIndexPage.objects.live().first()
        context["library"] = ResourceLibraryPage.objects.live().first()
        return context

    @property
    def localized_intro(self) -> str:
        return self.intro_fr if _in_french() and self.intro_fr else self.intro


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
        return self.intro_fr if _in_french() and self.intro_fr else self.intro


class GuidePage(Page):
    """One practice topic, read by professionals; it links to the tool that puts it into practice."""

    hub_section = "guides"

    order = models.PositiveSmallIntegerField(default=100, verbose_name=_("order"))
    summary = models.TextField(verbose_name=_("summary"))
    title_fr = models.CharField(max_length=255, blank=True, verbose_name=_("title in French"))
    summary_fr = models.TextField(blank=True, verbose_name=_("summary in French"))
    audiences = AudienceField(verbose_name=_("audiences"))
    tool = models.CharField(max_length=120, blank=True, verbose_name=_("matching Waypoint tool"))
    body = StreamField(GuideBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("title_fr"), FieldPanel("summary_fr")], heading=_("French")),
        FieldPanel("audiences"),
        FieldPanel("tool"),
        FieldPanel("body"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("order")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("title_fr"),
        index.SearchField("summary_fr"),
        index.SearchField("body"),
        index.FilterField("order"),
    ]
    parent_page_types = ["learning.TopicIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("topic guide")

    @property
    def localized_title(self) -> str:
        return self.title_fr if _in_french() and self.title_fr else self.title

    @property
    def localized_summary(self) -> str:
        return self.summary_fr if _in_french() and self.summary_fr else self.summary

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
        return self.intro_fr if _in_french() and self.intro_fr else self.intro


# --- Resources --------------------------------------------------------------------


class ResourceType(models.TextChoices):
    HANDOUT = "handout", _("Handout")
    CHECKLIST = "checklist", _("Checklist")
    TEMPLATE = "template", _("Template")
    RESEARCH = "research", _("Research summary")
    SLIDES = "slides", _("Training slides")


class ResourceQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class Resource(index.Indexed, BaseModel):
    """A downloadable document with who it is for; the document itself lives in Wagtail's documents."""

    title = models.CharField(max_length=255, verbose_name=_("title"))
    description = models.TextField(blank=True, max_length=2000, verbose_name=_("description"))
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
    ]
    objects = ResourceQuerySet.as_manager()
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
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


# --- Workshops --------------------------------------------------------------------


class WorkshopFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Workshop(ClusterableModel, BaseModel):
    """A training offered to professionals, run as one or more sessions."""

    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hosting agency"),
        help_text=_("Its intake team handles the registrations."),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    # TextField max_length is enforced by the admin form, not the database.
    description = models.TextField(max_length=5000, verbose_name=_("description"))
    audiences = AudienceField(verbose_name=_("audiences"))
    format = models.CharField(
        max_length=16, choices=WorkshopFormat.choices, default=WorkshopFormat.IN_PERSON, verbose_name=_("format")
    )
    duration_minutes = models.PositiveSmallIntegerField(default=120, verbose_name=_("length in minutes"))
    is_published = models.BooleanField(default=True, verbose_name=_("shown to the public"))

    # No agency panel: a workshop takes its editor's agency and stays there (see wagtail_hooks).
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("audiences"),
        FieldPanel("format"),
        FieldPanel("duration_minutes"),
        FieldPanel("is_published"),
        InlinePanel("sessions", label=_("Sessions")),
    ]
    base_form_class = WorkshopAdminForm

    class Meta:
        ordering = ["title"]
        verbose_name = _("workshop")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("learning:workshop_detail", kwargs={"workshop_id": self.id})

    @property
    def audience_labels(self) -> list[str]:
        return audience_labels(self.audiences)


class WorkshopSession(BaseModel):
    """One date of a workshop. The place or online link is shown only to confirmed attendees."""

    workshop = ParentalKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(
        verbose_name=_("starts"), help_text=_("As on the clock in the session's time zone.")
    )
    ends_at = models.DateTimeField(verbose_name=_("ends"), help_text=_("As on the clock in the session's time zone."))
    time_zone = models.CharField(
        max_length=64, choices=TIME_ZONES, default="America/Toronto", verbose_name=_("time zone")
    )
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)], verbose_name=_("seats"))
    place = models.TextField(
        blank=True, max_length=1000, verbose_name=_("place"), help_text=_("Shown only to confirmed attendees.")
    )
    online_link = models.URLField(
        blank=True, verbose_name=_("online link"), help_text=_("Shown only to confirmed attendees.")
    )
    is_cancelled = models.BooleanField(default=False, verbose_name=_("cancelled"))

    panels = [
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("time_zone"),
        FieldPanel("capacity"),
        FieldPanel("place"),
        FieldPanel("online_link"),
        FieldPanel("is_cancelled"),
    ]

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop.title} — {timezone.localtime(self.starts_at, self.zone):%Y-%m-%d %H:%M}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> Any:
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self) -> Any:
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def seats_left(self) -> int:
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.registrations.filter(state__in=SEATED_STATES).count()
        return max(0, self.capacity - taken)

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not attend")


# States that hold a seat.
SEATED_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED, RegistrationState.NO_SHOW)


class Registration(BaseModel):
    """A seat (or a place on the waitlist) booked without an account. Contact details are encrypted."""

    session = models.ForeignKey(WorkshopSession, on_delete=models.PROTECT, related_name="registrations")
    name = EncryptedTextField(verbose_name=_("name"))
    email = EncryptedTextField(verbose_name=_("e-mail"))
    organisation = EncryptedTextField(blank=True, verbose_name=_("organisation"))
    profession = models.CharField(max_length=120, blank=True, verbose_name=_("profession"))
    accessibility_needs = EncryptedTextField(blank=True, verbose_name=_("accessibility needs"))
    consent_to_contact = models.BooleanField(default=False, verbose_name=_("may be contacted about future workshops"))
    state = models.CharField(max_length=16, choices=RegistrationState.choices, verbose_name=_("state"))
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    feedback_invited_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["session", "state", "created_at"])]

    def __str__(self) -> str:
        return f"Registration {self.id}"

    @property
    def is_seated(self) -> bool:
        return self.state in SEATED_STATES


class Feedback(BaseModel):
    """An attendee's short answers after a session. Anonymous in the results."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    confidence = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comments = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["created_at"]


# --- Speak with someone -------------------------------------------------------------


class ContactTopic(models.TextChoices):
    TRAINING = "training", _("Training or a workshop for my team")
    CONSULTATION = "consultation", _("Advice about a situation I am supporting")
    REFERRAL = "referral", _("Referring someone to services")
    PARTNERSHIP = "partnership", _("Working together as organisations")
    OTHER = "other", _("Something else")


class ContactStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class ContactRequest(BaseModel):
    """A professional asking to speak with someone. Everything they wrote is encrypted."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    name = EncryptedTextField(verbose_name=_("name"))
    organisation = EncryptedTextField(blank=True, verbose_name=_("organisation"))
    role = EncryptedTextField(blank=True, verbose_name=_("role"))
    email = EncryptedTextField(verbose_name=_("e-mail"))
    phone = EncryptedTextField(blank=True, verbose_name=_("phone"))
    preferred_channel = models.CharField(
        max_length=8,
        choices=[("email", _("E-mail")), ("phone", _("Phone"))],
        default="email",
        verbose_name=_("how they prefer to be reached"),
    )
    topic = models.CharField(max_length=32, choices=ContactTopic.choices, verbose_name=_("topic"))
    message = EncryptedTextField(verbose_name=_("message"))
    status = models.CharField(
        max_length=16, choices=ContactStatus.choices, default=ContactStatus.NEW, verbose_name=_("status")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    due_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agency", "status", "due_at"])]

    def __str__(self) -> str:
        return f"Contact request {self.id}"

    @property
    def is_overdue(self) -> bool:
        return self.status != ContactStatus.CLOSED and self.due_at < timezone.now()


class ContactReply(BaseModel):
    """A note of how intake answered: what was said, by which channel."""

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(
        max_length=16,
        choices=[("email", _("E-mail")), ("phone", _("Phone")), ("meeting", _("Meeting")), ("other", _("Other"))],
        default="email",
        verbose_name=_("channel"),
    )
    body = EncryptedTextField(verbose_name=_("what was said"))

    class Meta:
        ordering = ["created_at"]
