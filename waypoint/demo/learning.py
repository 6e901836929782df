"""Demo learning-hub content: the hub pages and 13 guides, a few resources (learning), workshops and bookings
(workshops), contact requests (enquiries), each written through its own app's services.

Idempotent: each thing is looked up by a fixed title first. Every person here is fictional,
and no e-mail leaves during loading (a dummy mail backend is used while it runs).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from waypoint.accounts.models import Agency, User
from waypoint.enquiries import services as enquiries
from waypoint.enquiries.models import ContactRequest, ContactStatus, ContactTopic
from waypoint.learning import services
from waypoint.learning.audiences import Audience
from waypoint.learning.models import GuidePage, Resource, ResourceType
from waypoint.workshops import services as workshops
from waypoint.workshops.models import Registration, RegistrationState, Workshop, WorkshopFormat, WorkshopSession

TZ = "America/Toronto"

# Which demo resources each guide offers in its "Downloadable resources" block.
GUIDE_RESOURCES = {
    "safety-planning": ["Five questions before you open a safety plan"],
    "vicarious-trauma": ["Signs that a colleague may be carrying too much"],
}

# Each resource: title, type, audiences, description, the document's text, then the French title and
# description (the document itself stays in English).
RESOURCES = [
    (
        "Five questions before you open a safety plan",
        ResourceType.CHECKLIST,
        [Audience.SOCIAL_SERVICES, Audience.HEALTH],
        "A one-page prompt to start a survivor-led safety conversation.",
        "Five questions before you open a safety plan\n\n"
        "1. Is this a safe time and place to talk?\n"
        "2. Who else could see or hear this conversation, or a copy of the plan?\n"
        "3. What does the person want to focus on today?\n"
        "4. Do they want anything on paper, and in what form?\n"
        "5. When should we look at it again?\n",
        "Cinq questions à se poser avant d'ouvrir un plan de sécurité",
        "Un aide-mémoire d'une page pour amorcer une conversation sur la sécurité que mène la personne survivante.",
    ),
    (
        "Signs that a colleague may be carrying too much",
        ResourceType.HANDOUT,
        [Audience.SOCIAL_SERVICES, Audience.HEALTH, Audience.POLICE, Audience.JUSTICE, Audience.EDUCATION],
        "Warning signs of vicarious trauma, and small steps a team can take together.",
        "Signs that a colleague may be carrying too much\n\n"
        "- trouble sleeping, or dreams about the work\n- feeling numb, or irritable over small things\n"
        "- avoiding certain files or calls\n- working longer and enjoying it less\n\n"
        "What helps: regular debriefs, shared caseloads, real breaks, and asking early.\n",
        "Signes qu'un·e collègue porte peut-être trop lourd",
        "Les signes du traumatisme vicariant, et de petits gestes qu'une équipe peut poser ensemble.",
    ),
    (
        "Referral note template for school staff",
        ResourceType.TEMPLATE,
        [Audience.EDUCATION],
        "What to write down, and what to leave out, when a student's situation worries you.",
        "Referral note template for school staff\n\n"
        "Date and time:\nWhat you saw or heard (in the student's words where possible):\n"
        "Who you told, and when:\nWhat the student asked for:\n\n"
        "Leave out guesses and labels. Keep the note with the school's confidential records.\n",
        "Modèle de note d'orientation pour le personnel scolaire",
        "Ce qu'il faut noter, et ce qu'il vaut mieux laisser de côté, quand la situation d'un·e élève vous inquiète.",
    ),
]

WORKSHOPS: list[dict[str, Any]] = [
    {
        "title": "Recognising trafficking in a clinical setting",
        "audiences": [Audience.HEALTH],
        "format": WorkshopFormat.IN_PERSON,
        "duration": 150,
        "description": (
            "For nurses, physicians and clinic staff. We look at the signs that can show up in a visit, "
            "how to create a moment to talk privately, and how to offer help without pressure."
        ),
        "title_fr": "Reconnaître la traite de personnes en milieu clinique",
        "description_fr": (
            "Pour le personnel infirmier, les médecins et le personnel des cliniques. Nous verrons les signes qui "
            "peuvent apparaître pendant une consultation, comment créer un moment pour parler en privé et comment "
            "offrir de l'aide sans mettre de pression."
        ),
        "sessions": [(9, 13, 20, "Community room, 200 Example Street, Toronto (fictional address)", "")],
    },
    {
        "title": "Trauma-informed conversations for first responders",
        "audiences": [Audience.POLICE, Audience.JUSTICE],
        "format": WorkshopFormat.ONLINE,
        "duration": 120,
        "description": (
            "For police, court and victim-services staff. How trauma shapes what a person can say and when, "
            "and how to keep choice with the person you are speaking to."
        ),
        "title_fr": "Des conversations qui tiennent compte des traumatismes, pour les premiers intervenants et premières intervenantes",
        "description_fr": (
            "Pour le personnel policier, judiciaire et des services aux victimes. Comment les traumatismes "
            "influencent ce qu'une personne peut dire, et à quel moment, et comment laisser le choix à la "
            "personne à qui vous parlez."
        ),
        # This one is full, with people waiting.
        "sessions": [(16, 10, 4, "", "https://meet.example.org/waypoint-demo")],
    },
    {
        "title": "Safety planning that the survivor leads",
        "audiences": [Audience.SOCIAL_SERVICES, Audience.EDUCATION],
        "format": WorkshopFormat.IN_PERSON,
        "duration": 180,
        "description": (
            "For advocates, shelter staff, social workers and school teams. Practise building and revisiting "
            "a plan with someone, including technology safety and discreet copies."
        ),
        "title_fr": "Un plan de sécurité mené par la personne survivante",
        "description_fr": (
            "Pour les intervenant·es, le personnel des maisons d'hébergement, les travailleuses et travailleurs "
            "sociaux et les équipes scolaires. Exercez-vous à bâtir un plan avec une personne et à le revoir "
            "avec elle, y compris la sécurité technologique et les copies discrètes."
        ),
        # One session already held (attendance and feedback recorded), one to come.
        "sessions": [
            (-7, 13, 12, "Harbour Light training room (fictional)", ""),
            (30, 13, 12, "Harbour Light training room (fictional)", ""),
        ],
    },
]

PEOPLE = [
    ("Morgan Lee", "Eastside Clinic (fictional)", "Nurse"),
    ("Sasha Ouellet", "Northview Secondary (fictional)", "Teacher"),
    ("Jamie Tran", "City Police Service (fictional)", "Constable"),
    ("Riley Brooks", "Family Court Support (fictional)", "Court worker"),
    ("Avery Singh", "Westend Youth Shelter (fictional)", "Youth worker"),
    ("Noor Haddad", "Harbourfront Health (fictional)", "Physician"),
    ("Quinn Martel", "Lakeshore School Board (fictional)", "Social worker"),
]


def _details(index: int) -> workshops.RegistrationDetails:
    name, organisation, profession = PEOPLE[index % len(PEOPLE)]
    return workshops.RegistrationDetails(
        name=name,
        email=f"{name.split()[0].lower()}.{index}@example.org",
        organisation=organisation,
        profession=profession,
        consent_to_contact=index % 2 == 0,
    )


def _load_resources() -> None:
    from wagtail.documents.models import Document

    for title, resource_type, audiences, description, text, title_fr, description_fr in RESOURCES:
        existing = Resource.objects.filter(title=title).first()
        if existing is not None:
            _fill_french(existing, title_fr, description_fr)
            continue
        document = Document(title=title)
        document.file.save(f"{title.lower().replace(' ', '-')[:40]}.txt", ContentFile(text.encode()), save=False)
        document.save()
        resource = Resource.objects.create(
            title=title,
            resource_type=resource_type,
            audiences=list(audiences),
            description=description,
            title_fr=title_fr,
            description_fr=description_fr,
            document=document,
        )
        services.search_index_now(resource)


def _fill_french(item: Workshop | Resource, title_fr: str, description_fr: str) -> None:
    """A demo loaded before the French fields existed gets them; French an editor already wrote is kept."""
    changed = [name for name in ("title_fr", "description_fr") if not getattr(item, name)]
    if not changed:
        return
    values = {"title_fr": title_fr, "description_fr": description_fr}
    for name in changed:
        setattr(item, name, values[name])
    item.save(update_fields=changed)
    if isinstance(item, Resource):
        services.search_index_now(item)


def _attach_resources_to_guides() -> None:
    for slug, titles in GUIDE_RESOURCES.items():
        guide = GuidePage.objects.filter(slug=slug).first()
        if guide is None:
            continue
        documents = [r.document for r in Resource.objects.filter(title__in=titles).select_related("document")]
        changed = False
        for body, heading in ((guide.body, "Downloadable resources"), (guide.body_fr, "Ressources à télécharger")):
            if len(body) > 0 and not any(block.block_type == "resources" for block in body):
                body.append(("resources", {"heading": heading, "documents": documents}))
                changed = True
        if changed:
            guide.save_revision().publish()


def _load_workshops(agency: Agency) -> None:
    today = timezone.localtime(timezone.now(), datetime.UTC).date()
    zone = WorkshopSession(time_zone=TZ).zone
    for spec in WORKSHOPS:
        existing = Workshop.objects.filter(title=spec["title"]).first()
        if existing is not None:
            _fill_french(existing, spec["title_fr"], spec["description_fr"])
            continue
        workshop = Workshop.objects.create(
            agency=agency,
            title=spec["title"],
            description=spec["description"],
            title_fr=spec["title_fr"],
            description_fr=spec["description_fr"],
            audiences=list(spec["audiences"]),
            format=spec["format"],
            duration_minutes=spec["duration"],
        )
        for offset, hour, capacity, place, link in spec["sessions"]:
            day = today + datetime.timedelta(days=abs(offset))
            starts = datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=zone)
            session = WorkshopSession.objects.create(
                workshop=workshop,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=spec["duration"]),
                time_zone=TZ,
                capacity=capacity,
                city="Toronto" if place else "",
                place=place,
                online_link=link,
            )
            bookings = capacity + 2 if capacity <= 4 else min(capacity - 3, len(PEOPLE))
            for i in range(bookings):
                workshops.registration_create(session_id=session.id, details=_details(i))
            if offset < 0:
                _hold_in_the_past(session, days=abs(offset) * 2)


def _hold_in_the_past(session: WorkshopSession, *, days: int) -> None:
    """Move a booked session into the past, then record attendance and some feedback, as intake would."""
    length = session.ends_at - session.starts_at
    session.starts_at = session.starts_at - datetime.timedelta(days=days)
    session.ends_at = session.starts_at + length
    session.save(update_fields=["starts_at", "ends_at", "updated_at"])
    intake = User.objects.filter(memberships__agency=session.workshop.agency, memberships__role="intake").first()
    registrations = list(session.registrations.filter(state=RegistrationState.CONFIRMED))
    marks = {r.id: i != len(registrations) - 1 for i, r in enumerate(registrations)}
    if intake is not None:
        workshops.attendance_record(actor=intake, session=session, attended=marks)
    for i, registration in enumerate(Registration.objects.filter(session=session, state=RegistrationState.ATTENDED)):
        if i < 3:
            workshops.feedback_submit(
                registration=registration,
                usefulness=5 - i % 2,
                confidence=4 - i % 2,
                comments="More time for practice scenarios, please." if i == 0 else "",
            )


def _load_contact_requests(agency: Agency) -> None:
    if ContactRequest.objects.filter(agency=agency).exists():
        return
    samples = [
        (
            "Dana Whitfield",
            "Eastside Clinic (fictional)",
            "Nurse practitioner",
            ContactTopic.CONSULTATION,
            "A patient mentioned someone holds her ID. How do we offer support without scaring her off?",
            6,
        ),
        (
            "Chris Lavoie",
            "Northview Secondary (fictional)",
            "Guidance counsellor",
            ContactTopic.TRAINING,
            "Could your team run a session for our staff in the spring term?",
            1,
        ),
        (
            "Elliot Park",
            "Riverside Housing Co-op (fictional)",
            "Property manager",
            ContactTopic.PARTNERSHIP,
            "We have two units that could suit transitional housing. Who should we talk to?",
            0,
        ),
    ]
    intake = User.objects.filter(memberships__agency=agency, memberships__role="intake").first()
    for name, organisation, role, topic, message, age_days in samples:
        contact = enquiries.contact_request_create(
            agency=agency,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            organisation=organisation,
            role=role,
            topic=topic,
            message=message,
        )
        if age_days:
            created = contact.created_at - datetime.timedelta(days=age_days)
            ContactRequest.objects.filter(id=contact.id).update(
                created_at=created,
                due_at=enquiries.add_working_days(created, enquiries.contact_response_days(), zone=agency.time_zone),
            )
        if age_days == 1 and intake is not None:
            enquiries.contact_request_assign(actor=intake, contact=contact, assignee=intake)
            enquiries.contact_reply_add(
                actor=intake, contact=contact, channel="email", body="Sent our spring dates and asked about group size."
            )
    closed = ContactRequest.objects.filter(agency=agency, status=ContactStatus.NEW).order_by("created_at").last()
    if closed is not None and intake is not None:
        enquiries.contact_request_set_status(actor=intake, contact=closed, status=ContactStatus.IN_PROGRESS)


def load(agencies: dict[str, Agency]) -> None:
    """Guides, workshops and requests for the demo. Idempotent."""
    host = next((a for a in agencies.values() if not a.is_partner), None)
    services.guides_load()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        _load_resources()
        _attach_resources_to_guides()
        if host is not None:
            _load_workshops(host)
            _load_contact_requests(host)
    services.editors_sync_all()
