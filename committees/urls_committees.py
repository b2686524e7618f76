from django.urls import path

from committees.views import actions, committees

urlpatterns = [
    path("comites/", committees.CommitteeListView.as_view(), name="committee_list"),
    path("comites/nouveau/", committees.CommitteeFormView.as_view(), name="committee_create"),
    path("comites/<int:pk>/", committees.CommitteeDetailView.as_view(), name="committee_detail"),
    path("comites/<int:pk>/modifier/", committees.CommitteeFormView.as_view(), name="committee_update"),
    path("comites/<int:pk>/membres/", committees.CommitteeMembersView.as_view(), name="committee_members"),
    path("comites/<int:committee_pk>/membres/nouveau/", committees.MemberFormView.as_view(), name="member_create"),
    path("membres/<int:pk>/modifier/", committees.MemberFormView.as_view(), name="member_update"),
    path("actions/", actions.ActionListView.as_view(), name="action_list"),
    path("actions/<int:pk>/realiser/", actions.ActionCompleteView.as_view(), name="action_complete"),
    path("actions/<int:pk>/rouvrir/", actions.ActionReopenView.as_view(), name="action_reopen"),
]
