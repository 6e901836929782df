"""Survivor-record routes. Every one is classified by its view's decorator (see waypoint.core.routes)."""

from django.urls import path

from waypoint.people import views

app_name = "people"

urlpatterns = [
    path("", views.my_people, name="my_people"),
    path("find/", views.find, name="find"),
    path("new/", views.person_create, name="person_create"),
    path("break-glass/", views.break_glass_list, name="break_glass_list"),
    path("break-glass/<uuid:grant_id>/end/", views.break_glass_end, name="break_glass_end"),
    path("<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<uuid:person_id>/close/", views.person_close, name="person_close"),
    path("<uuid:person_id>/close/approve/", views.person_close_approve, name="person_close_approve"),
    path("<uuid:person_id>/reopen/", views.person_reopen, name="person_reopen"),
    path("<uuid:person_id>/history/", views.person_history, name="person_history"),
    path("<uuid:person_id>/care-team/", views.care_team, name="care_team"),
    path("<uuid:person_id>/care-team/<uuid:member_id>/end/", views.care_team_end, name="care_team_end"),
    path("<uuid:person_id>/break-glass/", views.break_glass, name="break_glass"),
    path("<uuid:person_id>/releases/new/", views.release_create, name="release_create"),
    path("<uuid:person_id>/releases/<uuid:release_id>/edit/", views.release_edit, name="release_edit"),
    path("<uuid:person_id>/releases/<uuid:release_id>/revoke/", views.release_revoke, name="release_revoke"),
    path("<uuid:person_id>/releases/<uuid:release_id>/print/", views.release_print, name="release_print"),
    path("<uuid:person_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("<uuid:person_id>/contacts/send/", views.contact_send, name="contact_send"),
    path("<uuid:person_id>/contacts/<uuid:contact_id>/verify/", views.contact_verify, name="contact_verify"),
    path("<uuid:person_id>/contacts/<uuid:contact_id>/reveal/", views.contact_reveal, name="contact_reveal"),
]
