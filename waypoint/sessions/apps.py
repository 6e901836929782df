from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "waypoint.sessions"
    # "sessions" is django.contrib.sessions' label (still installed: its table is harmless and clearsessions
    # comes from it); allauth.usersessions has "usersessions".
    label = "waypoint_sessions"
    verbose_name = "Sessions by user"
    default_auto_field = "django.db.models.BigAutoField"
