from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "waypoint.audit"
    label = "audit"
