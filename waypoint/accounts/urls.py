from django.urls import path

from waypoint.accounts import views

app_name = "accounts"

urlpatterns = [
    path("members/", views.members, name="members"),
    path("members/<uuid:membership_id>/role/", views.member_role, name="member_role"),
    path("members/<uuid:membership_id>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("members/<uuid:membership_id>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path("invitations/<uuid:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<uuid:request_id>/decide/", views.role_request_decide, name="role_request_decide"),
    path("join/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
