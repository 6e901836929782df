"""The URL map. Every route is classified (see waypoint.core.routes); tests walk this file."""

from django.urls import include, path, re_path
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from waypoint.accounts import profile
from waypoint.core import views as core_views
from waypoint.core.routes import public

handler400 = "waypoint.core.views.bad_request"
handler403 = "waypoint.core.views.permission_denied"
handler404 = "waypoint.core.views.page_not_found"
handler500 = "waypoint.core.views.server_error"

urlpatterns = [
    path("home/", core_views.home, name="home"),
    path("session/keepalive/", core_views.keepalive, name="session_keepalive"),
    path("language/", core_views.set_language, name="set_language"),
    path("profile/", profile.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("agency/", include("waypoint.accounts.urls")),
    path("people/", include("waypoint.people.urls")),
    path("", include("waypoint.casework.urls")),
    path("", include("waypoint.instruments.urls")),
    path("", include("waypoint.safety.urls")),
    path("", include("waypoint.housing.urls")),
    path("learn/", include("waypoint.learning.urls")),
    path("learn/", include("waypoint.workshops.urls")),
    path("learn/", include("waypoint.enquiries.urls")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Wagtail serves the public learning hub pages from the site root.
    re_path(r"^((?:[\w\-]+/)*)$", public(wagtail_views.serve), name="wagtail_serve"),
]
