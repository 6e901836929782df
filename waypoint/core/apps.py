from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "waypoint.core"
    label = "core"

    def ready(self) -> None:
        from waypoint.core import checks  # noqa: F401  (registers the system checks)
        from waypoint.core.dbroles import grant_after_migrate

        # post_migrate is sent per app after every migration has run; listening for this app's alone grants once.
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="waypoint.grant_app_role")
