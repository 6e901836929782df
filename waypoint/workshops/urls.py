"""Workshop routes, mounted under /learn/ (their paths predate the split, so e-mailed links keep working)."""

from django.urls import path

from waypoint.workshops import views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.workshop_list, name="workshop_list"),
    path("workshops/<uuid:workshop_id>/", views.workshop_detail, name="workshop_detail"),
    path("sessions/<uuid:session_id>/register/", views.session_register, name="session_register"),
    path("bookings/<str:token>/", views.registration_manage, name="registration_manage"),
    path("bookings/<str:token>/feedback/", views.registration_feedback, name="registration_feedback"),
    path("intake/sessions/", views.intake_sessions, name="intake_sessions"),
    path("intake/sessions/<uuid:session_id>/", views.session_attendance, name="session_attendance"),
    path(
        "intake/sessions/<uuid:session_id>/attendance.csv", views.session_attendance_csv, name="session_attendance_csv"
    ),
    path(
        "intake/sessions/<uuid:session_id>/feedback/", views.session_feedback_results, name="session_feedback_results"
    ),
]
