"""Every write of the learning hub: bookings, attendance, feedback, contact requests, editors, the site and guides.

Each function is keyword-only, atomic, and records its audit event (ids and
actions only, never what a person wrote) in the same transaction. E-mails go
out after the transaction commits, so nobody is told about a change that was
rolled back.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from waypoint import audit
from waypoint.accounts.models import Agency, Membership, User
from waypoint.accounts.roles import Role
from waypoint.learning import emails
from waypoint.learning.models import (
    SEATED_STATES,
    ContactReply,
    ContactRequest,
    ContactStatus,
    Feedback,
    GuidePage,
    LearningHomePage,
    Registration,
    RegistrationState,
    ResourceLibraryPage,
    TopicIndexPage,
    WorkshopSession,
)

logger = logging.getLogger(__name__)

EDITORS_GROUP = "Editors"
EDITOR_ROLES = frozenset({Role.CONTENT_EDITOR, Role.AGENCY_ADMIN})


class BookingClosed(Exception):
    """The session has started, ended or been cancelled."""


def _after_commit(func: Any, *args: Any) -> None:
    def run() -> None:
        try:
            func(*args)
        except Exception:
            # The booking stands even if the mail server is down; the log says who was not told.
            logger.exception("Learning hub e-mail %s failed", getattr(func, "__name__", func))

    transaction.on_commit(run)


# --- Workshops: booking, cancelling, the waitlist -------------------------------------------


@dataclass(frozen=True)
class RegistrationDetails:
    name: str
    email: str
    organisation: str = ""
    profession: str = ""
    accessibility_needs: str = ""
    consent_to_contact: bool = False


def registration_create(*, session_id: Any, details: RegistrationDetails) -> Registration:
    """Book a seat, or a place on the waitlist when every seat is taken.

    The session row is locked (SELECT ... FOR UPDATE) while seats are counted,
    so simultaneous bookings queue up behind each other and never exceed capacity.
    """
    with transaction.atomic():
        session = WorkshopSession.objects.select_for_update(of=("self",)).select_related("workshop").get(id=session_id)
        if session.is_cancelled or session.starts_at <= timezone.now() or not session.workshop.is_published:
            raise BookingClosed
        seats_taken = session.registrations.filter(state__in=SEATED_STATES).count()
        now = timezone.now()
        confirmed = seats_taken < session.capacity
        registration = Registration.objects.create(
            session=session,
            name=details.name,
            email=details.email,
            organisation=details.organisation,
            profession=details.profession,
            accessibility_needs=details.accessibility_needs,
            consent_to_contact=details.consent_to_contact,
            state=RegistrationState.CONFIRMED if confirmed else RegistrationState.WAITLISTED,
            confirmed_at=now if confirmed else None,
            waitlisted_at=None if confirmed else now,
            language=translation.get_language() or "en",
        )
        audit.record(
            action="learning.registration_created",
            agency=session.workshop.agency_id,
            target=registration,
            detail={"session": str(session.id), "state": registration.state},
        )
        if confirmed:
            _schedule_reminder(registration)
            _after_commit(emails.send_registration_confirmed, registration)
        else:
            _after_commit(emails.send_registration_waitlisted, registration)
    return registration


def registration_cancel(*, registration: Registration, actor: User | None = None) -> Registration | None:
    """Cancel a booking. If it held a seat, the first person waiting is promoted and told. Returns them, if any."""
    with transaction.atomic():
        session = (
            WorkshopSession.objects.select_for_update(of=("self",))
            .select_related("workshop")
            .get(id=registration.session_id)
        )
        registration = Registration.objects.select_for_update().get(id=registration.id)
        if registration.state == RegistrationState.CANCELLED:
            return None
        held_seat = registration.state == RegistrationState.CONFIRMED
        registration.state = RegistrationState.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["state", "cancelled_at", "updated_at"])
        audit.record(
            action="learning.registration_cancelled",
            actor=actor,
            agency=session.workshop.agency_id,
            target=registration,
            detail={"session": str(session.id), "by_attendee": actor is None},
        )
        _after_commit(emails.send_registration_cancelled, registration)
        promoted = _promote_from_waitlist(session) if held_seat else None
    return promoted


def _promote_from_waitlist(session: WorkshopSession) -> Registration | None:
    """Fill free seats from the waitlist in booking order. The caller holds the session lock."""
    if session.starts_at <= timezone.now():
        return None
    seats_taken = session.registrations.filter(state__in=SEATED_STATES).count()
    promoted = None
    for waiting in session.registrations.filter(state=RegistrationState.WAITLISTED).order_by("created_at")[
        : max(0, session.capacity - seats_taken)
    ]:
        waiting.state = RegistrationState.CONFIRMED
        waiting.confirmed_at = timezone.now()
        waiting.save(update_fields=["state", "confirmed_at", "updated_at"])
        audit.record(
            action="learning.registration_promoted",
            agency=session.workshop.agency_id,
            target=waiting,
            detail={"session": str(session.id)},
        )
        _schedule_reminder(waiting)
        _after_commit(lambda r=waiting: emails.send_registration_confirmed(r, promoted=True))
        promoted = promoted or waiting
    return promoted


def _schedule_reminder(registration: Registration) -> None:
    from waypoint.learning.tasks import send_session_reminder

    run_after = registration.session.starts_at - datetime.timedelta(days=2)
    if run_after <= timezone.now():
        return  # The confirmation itself arrives less than two days before.
    send_session_reminder.using(run_after=run_after).enqueue(
        str(registration.id), registration.session.starts_at.isoformat()
    )


def registration_remind(*, registration_id: Any, expected_start: str) -> bool:
    """Send the two-days-before reminder once, if the booking still stands and the session has not moved."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("session__workshop")
            .filter(id=registration_id)
            .first()
        )
        if registration is None or registration.state != RegistrationState.CONFIRMED or registration.reminded_at:
            return False
        session = registration.session
        if (
            session.is_cancelled
            or session.starts_at.isoformat() != expected_start
            or session.starts_at <= timezone.now()
        ):
            return False
        registration.reminded_at = timezone.now()
        registration.save(update_fields=["reminded_at", "updated_at"])
        audit.record(action="learning.reminder_sent", agency=session.workshop.agency_id, target=registration, detail={})
        _after_commit(emails.send_reminder, registration)
    return True


def attendance_record(*, actor: User, session: WorkshopSession, attended: dict[Any, bool]) -> int:
    """Mark confirmed attendees as attended or not; invite those who came to give feedback. Returns rows changed."""
    changed = 0
    with transaction.atomic():
        rows = session.registrations.select_for_update().filter(
            id__in=list(attended),
            state__in=[RegistrationState.CONFIRMED, RegistrationState.ATTENDED, RegistrationState.NO_SHOW],
        )
        for registration in rows:
            state = RegistrationState.ATTENDED if attended[registration.id] else RegistrationState.NO_SHOW
            if registration.state != state:
                registration.state = state
                registration.save(update_fields=["state", "updated_at"])
                changed += 1
            if state == RegistrationState.ATTENDED and registration.feedback_invited_at is None and session.has_ended:
                registration.feedback_invited_at = timezone.now()
                registration.save(update_fields=["feedback_invited_at", "updated_at"])
                _after_commit(emails.send_feedback_invitation, registration)
        audit.record(
            action="learning.attendance_recorded",
            actor=actor,
            agency=session.workshop.agency_id,
            target=session,
            detail={"changed": changed},
        )
    return changed


def attendance_exported(*, actor: User, session: WorkshopSession) -> None:
    """An export holds names and e-mails, so who took one is on record."""
    audit.record(
        action="learning.attendance_exported", actor=actor, agency=session.workshop.agency_id, target=session, detail={}
    )


class FeedbackRefused(Exception):
    pass


def feedback_submit(*, registration: Registration, usefulness: int, confidence: int, comments: str = "") -> Feedback:
    with transaction.atomic():
        if (
            registration.state != RegistrationState.ATTENDED
            or Feedback.objects.filter(registration=registration).exists()
        ):
            raise FeedbackRefused
        feedback = Feedback.objects.create(
            registration=registration,
            session=registration.session,
            usefulness=usefulness,
            confidence=confidence,
            comments=comments,
        )
        audit.record(
            action="learning.feedback_submitted",
            agency=registration.session.workshop.agency_id,
            target=feedback,
            detail={"session": str(registration.session_id)},
        )
    return feedback


# --- Speak with someone -------------------------------------------------------------


def contact_response_days() -> int:
    return int(getattr(settings, "WAYPOINT_LEARNING_CONTACT_DAYS", 2))


def add_working_days(start: datetime.datetime, days: int, *, zone: str) -> datetime.datetime:
    """``days`` working days (Monday to Friday) after ``start``, counted in the agency's time zone."""
    import zoneinfo

    moment = timezone.localtime(start, zoneinfo.ZoneInfo(zone))
    added = 0
    while added < days:
        moment += datetime.timedelta(days=1)
        if moment.weekday() < 5:
            added += 1
    return moment


def contact_request_create(
    *,
    agency: Agency,
    name: str,
    email: str,
    topic: str,
    message: str,
    organisation: str = "",
    role: str = "",
    phone: str = "",
    preferred_channel: str = "email",
) -> ContactRequest:
    with transaction.atomic():
        contact = ContactRequest.objects.create(
            agency=agency,
            name=name,
            email=email,
            organisation=organisation,
            role=role,
            phone=phone,
            preferred_channel=preferred_channel,
            topic=topic,
            message=message,
            due_at=add_working_days(timezone.now(), contact_response_days(), zone=agency.time_zone),
            language=translation.get_language() or "en",
        )
        audit.record(action="learning.contact_request_created", agency=agency, target=contact, detail={"topic": topic})
        _after_commit(emails.send_contact_acknowledgement, contact)
    return contact


def contact_request_viewed(*, actor: User, contact: ContactRequest) -> None:
    audit.record(
        action="learning.contact_request_viewed", actor=actor, agency=contact.agency_id, target=contact, detail={}
    )


def contact_request_assign(*, actor: User, contact: ContactRequest, assignee: User | None) -> ContactRequest:
    with transaction.atomic():
        contact.assigned_to = assignee
        fields = ["assigned_to", "updated_at"]
        if assignee is not None and contact.status == ContactStatus.NEW:
            contact.status = ContactStatus.IN_PROGRESS
            fields.append("status")
        contact.save(update_fields=fields)
        audit.record(
            action="learning.contact_request_assigned",
            actor=actor,
            agency=contact.agency_id,
            target=contact,
            detail={"assignee": str(assignee.id) if assignee else None},
        )
    return contact


def contact_request_set_status(*, actor: User, contact: ContactRequest, status: str) -> ContactRequest:
    if status not in ContactStatus.values:
        raise ValueError(status)
    with transaction.atomic():
        contact.status = status
        contact.closed_at = timezone.now() if status == ContactStatus.CLOSED else None
        contact.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            action="learning.contact_request_status",
            actor=actor,
            agency=contact.agency_id,
            target=contact,
            detail={"status": status},
        )
    return contact


def contact_reply_add(*, actor: User, contact: ContactRequest, channel: str, body: str) -> ContactReply:
    with transaction.atomic():
        reply = ContactReply.objects.create(request=contact, author=actor, channel=channel, body=body)
        if contact.status == ContactStatus.NEW:
            contact.status = ContactStatus.IN_PROGRESS
            contact.save(update_fields=["status", "updated_at"])
        audit.record(
            action="learning.contact_reply_logged",
            actor=actor,
            agency=contact.agency_id,
            target=reply,
            detail={"request": str(contact.id), "channel": channel},
        )
    return reply


# --- Editors: Wagtail permissions follow Waypoint roles ----------------------------------


def editors_group_ensure() -> Group:
    """The "Editors" group: Wagtail admin access, every page permission on the hub, documents, snippets."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = [("wagtailadmin", "admin", "access_admin")]
    for model in ("resource", "workshop", "workshopsession"):
        wanted += [("learning", model, f"{verb}_{model}") for verb in ("add", "change", "delete", "view")]
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, _model, codename in wanted
        if Permission.objects.filter(content_type__app_label=app, codename=codename).exists()
    ]
    group.permissions.add(*permissions)
    # The hub's home when it exists; before load_guides has run, the default site's root, so that an
    # editor always holds some page permission (Wagtail's page explorer fails for a user with none).
    from wagtail.models import Site

    home: Page | None = LearningHomePage.objects.first()
    if home is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page if site is not None else _page_tree_root()
    if home is not None:
        GroupPagePermission.objects.filter(group=group).exclude(page=home).delete()
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            permission = Permission.objects.get(content_type=ContentType.objects.get_for_model(Page), codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for codename in (
            "add_document",
            "change_document",
            "choose_document",
            "add_image",
            "change_image",
            "choose_image",
        ):
            media_permission = Permission.objects.filter(codename=codename).first()
            if media_permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=media_permission
                )
    return group


def editor_access_sync(*, user: User) -> bool:
    """Put the user in the Editors group if an active membership makes them an editor, or take them out.

    Called for every /cms/ request (``learning.middleware``), so a role change takes effect
    on the next page; the demo and the tests may call it directly. Returns whether they edit.
    """
    is_editor = user.is_active and Membership.objects.filter(user=user, is_active=True, role__in=EDITOR_ROLES).exists()
    in_group = user.groups.filter(name=EDITORS_GROUP).exists()
    if is_editor == in_group:
        return is_editor
    with transaction.atomic():
        group = editors_group_ensure()
        if is_editor:
            user.groups.add(group)
        else:
            user.groups.remove(group)
        audit.record(
            action="learning.editor_access_granted" if is_editor else "learning.editor_access_removed",
            target=user,
            detail={},
        )
    return is_editor


def editors_sync_all() -> int:
    """Sync every user who holds an editor role or sits in the Editors group. Returns how many may edit."""
    from django.db.models import Q

    users = User.objects.filter(Q(memberships__role__in=EDITOR_ROLES) | Q(groups__name=EDITORS_GROUP)).distinct()
    return sum(editor_access_sync(user=user) for user in users)


# --- The Wagtail site and the guides -------------------------------------------------------


def _page_tree_root() -> Any:
    """Wagtail's root page, locale and root collection, made again if the database lost them.

    Wagtail's migrations create them; a database emptied afterwards (a flushed test
    database, say) has none, and Wagtail's admin fails without them.
    """
    from wagtail.models import Collection, Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code="en")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
        )
    return root


def hub_site_ensure() -> LearningHomePage:
    """Make the learning hub home the root of the default Wagtail site, with its topic index and library.

    Idempotent. Wagtail's own first migration leaves a "Welcome" page at the root;
    it is replaced when it is still the untouched placeholder.
    """
    from wagtail.models import Page, Site

    with transaction.atomic():
        home = LearningHomePage.objects.first()
        root = _page_tree_root()
        if home is None:
            home = LearningHomePage(
                title="Learning hub",
                slug="learning-hub",
                intro=(
                    "<p>Guides, resources and workshops for people who support survivors of sex trafficking: "
                    "social workers, nurses and doctors, police, the courts and schools.</p>"
                ),
                intro_fr=(
                    "<p>Des guides, des ressources et des ateliers pour les personnes qui accompagnent les "
                    "survivantes et survivants de la traite à des fins sexuelles : travail social, santé, police, "
                    "justice et écoles.</p>"
                ),
            )
            root.add_child(instance=home)
            audit.record(action="learning.hub_created", target_type="wagtailcore.page", target_id=home.pk, detail={})
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Waypoint"
            )
        elif site.root_page_id != home.pk:
            placeholder = site.root_page
            site.root_page = home
            site.save(update_fields=["root_page"])
            if placeholder.specific_class is Page and placeholder.depth == 2 and placeholder.numchild == 0:
                placeholder.delete()
        home.refresh_from_db()
        if not TopicIndexPage.objects.exists():
            home.add_child(
                instance=TopicIndexPage(
                    title="Topic guides",
                    slug="guides",
                    intro="Practice guides on the topics people ask us about most, in plain words.",
                    intro_fr="Des guides de pratique, en mots simples, sur les sujets qui reviennent le plus souvent.",
                )
            )
        if not ResourceLibraryPage.objects.exists():
            home.refresh_from_db()
            home.add_child(
                instance=ResourceLibraryPage(
                    title="Resource library",
                    slug="resources",
                    intro="Handouts, checklists and templates to download and share.",
                    intro_fr="Des fiches, des listes de vérification et des modèles à télécharger et à partager.",
                )
            )
    editors_group_ensure()
    return home


def search_index_now(instance: Any) -> None:
    """Index an object at once. Wagtail otherwise queues indexing as a background task for the worker,
    and a fresh install (or a test) should find its guides before any worker has run."""
    from wagtail.search import index as search_index

    search_index.insert_or_update_object(instance)


def guides_directory() -> Path:
    return Path(__file__).resolve().parent / "content" / "guides"


def guides_load(*, directory: Path | None = None, update: bool = False) -> tuple[int, int]:
    """Create the guide pages from the Markdown files; with ``update``, overwrite existing ones too.

    Without ``update`` a guide an editor has already changed is left alone. Returns (created, updated).
    """
    from waypoint.learning.guide_files import parse_guide_file

    hub_site_ensure()
    index = TopicIndexPage.objects.first()
    assert index is not None
    created = updated = 0
    files = sorted((directory or guides_directory()).glob("*.md"))
    for path in files:
        guide = parse_guide_file(path)
        with transaction.atomic():
            page = GuidePage.objects.filter(slug=guide.slug).first()
            if page is not None and not update:
                continue
            fields = {
                "title": guide.title_en,
                "title_fr": guide.title_fr,
                "summary": guide.summary_en,
                "summary_fr": guide.summary_fr,
                "audiences": guide.audiences,
                "tool": guide.tool,
                "order": guide.order,
                "body": guide.stream,
            }
            if page is None:
                page = GuidePage(slug=guide.slug, **fields)
                index.add_child(instance=page)
                index.refresh_from_db()
                created += 1
                action = "learning.guide_created"
            else:
                for name, value in fields.items():
                    setattr(page, name, value)
                updated += 1
                action = "learning.guide_updated"
            page.save_revision().publish()
            search_index_now(GuidePage.objects.get(pk=page.pk))
            audit.record(action=action, target_type="wagtailcore.page", target_id=page.pk, detail={"slug": guide.slug})
    return created, updated


# --- Retention -----------------------------------------------------------------------------


@dataclass
class LearningPurge:
    registrations: int = 0
    feedback: int = 0
    contact_requests: int = 0
    replies: int = 0


def learning_retention_days() -> int:
    """How long bookings and closed contact requests are kept: WAYPOINT_LEARNING_RETENTION_DAYS (default 730)."""
    return int(getattr(settings, "WAYPOINT_LEARNING_RETENTION_DAYS", 730))


def learning_purge_due(*, dry_run: bool = False, now: datetime.datetime | None = None) -> LearningPurge:
    """Delete registrations and feedback of sessions that ended, and closed contact requests, past retention.

    A contact request goes with its log of replies. The audit event carries counts
    only, so nothing of what was deleted survives in it.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=learning_retention_days())
    with transaction.atomic():
        registrations = Registration.objects.filter(session__ends_at__lt=cutoff)
        feedback = Feedback.objects.filter(session__ends_at__lt=cutoff)
        contacts = ContactRequest.objects.filter(status=ContactStatus.CLOSED, closed_at__lt=cutoff)
        replies = ContactReply.objects.filter(request__in=contacts)
        outcome = LearningPurge(
            registrations=registrations.count(),
            feedback=feedback.count(),
            contact_requests=contacts.count(),
            replies=replies.count(),
        )
        if dry_run:
            return outcome
        feedback.delete()
        registrations.delete()
        replies.delete()
        contacts.delete()
        audit.record(
            action="learning.purged",
            detail={
                "retention_days": learning_retention_days(),
                "registrations": outcome.registrations,
                "feedback": outcome.feedback,
                "contact_requests": outcome.contact_requests,
                "replies": outcome.replies,
            },
        )
    return outcome
