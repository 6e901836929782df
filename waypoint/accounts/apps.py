from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "waypoint.accounts"
    label = "accounts"

    def ready(self) -> None:
        from waypoint.accounts import receivers  # noqa: F401  (connects the sign-in audit receivers)
