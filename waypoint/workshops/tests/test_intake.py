"""Intake's side: sessions, attendance, the CSV export, feedback and its results."""

from __future__ import annotations

import csv
import io

from django.core import mail
from django.urls import reverse

from waypoint.testing.stepup import stepped_up
from waypoint.workshops import links, services
from waypoint.workshops.models import Feedback, Registration
from waypoint.workshops.tests.workshop_fixtures import make_session


def book(session, name="Person", email="person@example.org", **extra):
    return services.registration_create(
        session_id=session.id, details=services.RegistrationDetails(name=name, email=email, **extra)
    )


def test_intake_sees_its_agencys_sessions(session, elsewhere_session, clients):
    html = clients("ines").get(reverse("workshops:intake_sessions")).content.decode()
    assert session.workshop.title in html and elsewhere_session.workshop.title not in html


def test_an_advocate_cannot_reach_intake_pages(session, clients):
    for name, kwargs in [
        ("intake_sessions", {}),
        ("session_attendance", {"session_id": session.id}),
        ("session_attendance_csv", {"session_id": session.id}),
        ("enquiries:contact_inbox", {}),
    ]:
        name = name if ":" in name else f"workshops:{name}"
        assert clients("alice").get(reverse(name, kwargs=kwargs)).status_code == 403, name


def test_anonymous_visitors_are_sent_to_sign_in(session, client):
    response = client.get(reverse("workshops:session_attendance", args=[session.id]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_another_agencys_session_answers_404(elsewhere_session, clients):
    for name in ("session_attendance", "session_attendance_csv", "session_feedback_results"):
        assert clients("ines").get(reverse(f"workshops:{name}", args=[elsewhere_session.id])).status_code == 404


def test_intake_records_attendance_and_attendees_are_invited_to_give_feedback(
    workshop, clients, django_capture_on_commit_callbacks
):
    session = make_session(workshop, days=2)
    came, missed = book(session, "Came", "came@example.org"), book(session, "Missed", "missed@example.org")
    session.starts_at = session.starts_at.replace(year=session.starts_at.year - 1)
    session.ends_at = session.ends_at.replace(year=session.ends_at.year - 1)
    session.save(update_fields=["starts_at", "ends_at"])
    mail.outbox.clear()
    url = reverse("workshops:session_attendance", args=[session.id])
    assert "Came" in clients("ines").get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = clients("ines").post(
            url, {f"attendance-{came.id}": "attended", f"attendance-{missed.id}": "no_show"}
        )
    assert response.status_code == 302
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.state, missed.state) == ("attended", "no_show")
    assert [m.to for m in mail.outbox] == [["came@example.org"]]
    assert links.feedback_url(came.id) in mail.outbox[0].body


def test_an_advocate_cannot_post_attendance(session, clients):
    registration = book(session)
    response = clients("alice").post(
        reverse("workshops:session_attendance", args=[session.id]), {f"attendance-{registration.id}": "attended"}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.state == "confirmed"


def test_the_csv_export_neutralises_formulas(session, world, clients):
    book(
        session, '=HYPERLINK("http://evil.example","x")', "a@example.org", organisation="+SUM(A1:A2)", profession="@cmd"
    )
    book(session, "Plain Name", "b@example.org", organisation="-1+1")
    ines = stepped_up(clients("ines"), world.user("ines"))
    response = ines.get(reverse("workshops:session_attendance_csv", args=[session.id]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Name"
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells and "'+SUM(A1:A2)" in cells and "'-1+1" in cells
    assert "Plain Name" in cells


def test_the_csv_export_asks_for_a_fresh_re_authentication(session, clients):
    book(session, "Ada", "ada@example.org")
    response = clients("ines").get(reverse("workshops:session_attendance_csv", args=[session.id]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert "ada@example.org" not in response.content.decode()


def test_another_agencys_session_answers_404_before_any_re_authentication(elsewhere_session, world, clients):
    ines = stepped_up(clients("ines"), world.user("ines"))
    assert ines.get(reverse("workshops:session_attendance_csv", args=[elsewhere_session.id])).status_code == 404


def attended_registration(workshop):
    session = make_session(workshop, days=2)
    registration = book(session)
    registration.state = "attended"
    registration.save(update_fields=["state"])
    return session, registration


def test_an_attendee_answers_the_feedback_form_once(workshop, client):
    _session, registration = attended_registration(workshop)
    url = reverse("workshops:registration_feedback", kwargs={"token": links.registration_token(registration.id)})
    assert 'name="usefulness"' in client.get(url).content.decode()
    assert client.post(url, {"usefulness": "4", "confidence": "3", "comments": "Good"}).status_code == 302
    client.post(url, {"usefulness": "1", "confidence": "1"})
    feedback = Feedback.objects.get()
    assert (feedback.usefulness, feedback.confidence, feedback.comments) == (4, 3, "Good")


def test_someone_who_did_not_attend_cannot_give_feedback(session, client):
    registration = book(session)
    url = reverse("workshops:registration_feedback", kwargs={"token": links.registration_token(registration.id)})
    client.post(url, {"usefulness": "4", "confidence": "3"})
    assert not Feedback.objects.exists()


def test_intake_sees_feedback_results_per_session(workshop, clients):
    session, registration = attended_registration(workshop)
    services.feedback_submit(registration=registration, usefulness=5, confidence=3, comments="More examples")
    html = clients("ines").get(reverse("workshops:session_feedback_results", args=[session.id])).content.decode()
    assert "More examples" in html and "5.0" in html and "3.0" in html
    assert "person@example.org" not in html


def test_the_attendance_page_query_count_does_not_grow(session, clients, django_assert_max_num_queries):
    client = clients("ines")
    url = reverse("workshops:session_attendance", args=[session.id])
    for n in range(2):
        book(session, f"P{n}", f"p{n}@example.org")
    client.get(url)
    for n in range(2, 8):
        book(session, f"P{n}", f"p{n}@example.org")
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    assert Registration.objects.count() == 8
