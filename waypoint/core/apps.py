from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "waypoint.core"
    label = "core"

    def ready(self) -> None:
        from waypoint.core import checks  # noqa: F401  (registers the system checks)
