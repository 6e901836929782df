from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "waypoint.enquiries"
    label = "enquiries"
    verbose_name = "Speak with someone"

    def ready(self) -> None:
        from waypoint.enquiries import resend

        resend.register()
