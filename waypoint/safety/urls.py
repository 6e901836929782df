"""Safety plan routes, all under /people/<id>/safety/…"""

from waypoint.safety.views import urlpatterns as urlpatterns

app_name = "safety"
