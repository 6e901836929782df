from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InstrumentsConfig(AppConfig):
    name = "waypoint.instruments"
    label = "instruments"

    def ready(self) -> None:
        from waypoint.instruments import journey, signals

        # After every migrate (and a test database's flush), the shipped definitions have their rows.
        post_migrate.connect(signals.sync_after_migrate, sender=self, dispatch_uid="instruments.sync_shipped")
        signals.register_history()
        # A response on the journey timeline; a ruler, self-rating or URICA result suggests a stage check-in.
        journey.register()
