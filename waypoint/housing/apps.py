from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "waypoint.housing"
    label = "housing"

    def ready(self) -> None:
        from waypoint.housing import journey

        # Admissions, moves and discharges on the journey timeline; stay and hold flags on the caseload.
        journey.register()
