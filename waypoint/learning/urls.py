"""The learning hub's own routes, under /learn/. Its pages (home, topics, guides, library) are Wagtail's, at the root."""

from django.urls import path

from waypoint.learning import views

app_name = "learning"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("workshops/", views.workshop_list, name="workshop_list"),
    path("workshops/<uuid:workshop_id>/", views.workshop_detail, name="workshop_detail"),
    path("sessions/<uuid:session_id>/register/", views.session_register, name="session_register"),
    path("bookings/<str:token>/", views.registration_manage, name="registration_manage"),
    path("bookings/<str:token>/feedback/", views.registration_feedback, name="registration_feedback"),
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("intake/sessions/", views.intake_sessions, name="intake_sessions"),
    path("intake/sessions/<uuid:session_id>/", views.session_attendance, name="session_attendance"),
    path(
        "intake/sessions/<uuid:session_id>/attendance.csv", views.session_attendance_csv, name="session_attendance_csv"
    ),
    path(
        "intake/sessions/<uuid:session_id>/feedback/", views.session_feedback_results, name="session_feedback_results"
    ),
    path("intake/contact/", views.contact_inbox, name="contact_inbox"),
    path("intake/contact/<uuid:request_id>/", views.contact_detail, name="contact_detail"),
]
