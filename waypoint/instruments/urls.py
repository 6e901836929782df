"""Instrument routes: a person's questionnaires under /people/<id>/questionnaires/…, the agency's under /agency/instruments/…

Each views module keeps its own ``urlpatterns``; this file only joins them.
"""

from waypoint.instruments.views import agency, person

app_name = "instruments"

urlpatterns = [*person.urlpatterns, *agency.urlpatterns]
