"""The learning hub's own routes, under /learn/. Its pages (home, topics, guides, library) are Wagtail's, at the root.

Workshops (``workshops.urls``) and "speak with someone" (``enquiries.urls``) are mounted under /learn/ too.
"""

from django.urls import path

from waypoint.learning import views

app_name = "learning"

urlpatterns = [
    path("search/", views.search, name="search"),
]
