"""Housing pages."""
from waypoint.housing.views import review
urlpatterns = review.urlpatterns
