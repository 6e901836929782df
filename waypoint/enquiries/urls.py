"""Routes of "speak with someone", mounted under /learn/ (their paths predate the split into apps)."""

from django.urls import path

from waypoint.enquiries import views

app_name = "enquiries"

urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("intake/contact/", views.contact_inbox, name="contact_inbox"),
    path("intake/contact/<uuid:request_id>/", views.contact_detail, name="contact_detail"),
]
