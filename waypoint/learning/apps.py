from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "waypoint.learning"
    label = "learning"
