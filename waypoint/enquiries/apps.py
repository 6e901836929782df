from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "waypoint.enquiries"
    label = "enquiries"
    verbose_name = "Speak with someone"
