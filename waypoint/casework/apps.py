from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "waypoint.casework"
    label = "casework"

    def ready(self) -> None:
        # The registries fill when their modules load: flags, timeline sources, approvals, history, seeding.
        from waypoint.casework import approvals, flags, signals, timeline  # noqa: F401

        signals.register_history()
