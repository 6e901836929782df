"""Housing routes: /housing/… for programs, and /people/<id>/housing/ for a person."""

from waypoint.housing.views import urlpatterns as urlpatterns

app_name = "housing"
