from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "waypoint.housing"
    label = "housing"
