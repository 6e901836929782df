"""Casework routes: person-scoped pages under /people/<id>/…, the worker's and the team's under /casework/…

Each views module keeps its own ``urlpatterns``; this file only joins them (every route is
classified by its view's decorator, see waypoint.core.routes).
"""

from waypoint.casework.views import caseload, encounters, goals, needs, stages, tasks, team, timeline, tools

app_name = "casework"

urlpatterns = [
    *encounters.urlpatterns,
    *caseload.urlpatterns,
    *goals.urlpatterns,
    *needs.urlpatterns,
    *stages.urlpatterns,
    *tasks.urlpatterns,
    *timeline.urlpatterns,
    *team.urlpatterns,
    *tools.urlpatterns,
]
