from waypoint.housing.views import urlpatterns as urlpatterns

app_name = "housing"
