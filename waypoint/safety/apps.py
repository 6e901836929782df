from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "waypoint.safety"
    label = "safety"

    def ready(self) -> None:
        from waypoint.safety import journey

        # Versions and risk check-ins on the journey timeline; review flags on the caseload.
        journey.register()
