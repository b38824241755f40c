"""Addresses of moderation's pages: the members' pages (included by the forum's URLs under
/forum/), the review area and the threshold pages (mounted in the Wagtail admin by
moderation/wagtail_hooks.py under /admin/moderation/ and /admin/screening-thresholds/)."""

from django.urls import path

from moderation.web import admin_views, member_views

# Included without a namespace by cop/forum_urls.py, so these keep their names cop:report and
# cop:appeal.
urlpatterns = [
    path("p/<id:pk>/report/", member_views.report, name="report"),
    path("p/<id:pk>/appeal/", member_views.appeal, name="appeal"),
]

review_patterns = ([
    path("", admin_views.queue, name="queue"),
    path("decide/", admin_views.queue_decide, name="queue_decide"),
    path("posts/<id:post_id>/", admin_views.item, name="item"),
    path("posts/<id:post_id>/decide/", admin_views.item_decide, name="item_decide"),
    path("posts/<id:post_id>/campaign/", admin_views.campaign, name="campaign"),
    path("profiles/<id:screening_id>/decide/", admin_views.profile_decide,
         name="profile_decide"),
    path("audit-log/", admin_views.audit_log, name="audit_log"),
    path("dashboard/", admin_views.dashboard, name="dashboard"),
], "review")

threshold_patterns = ([
    path("", admin_views.thresholds_index, name="index"),
    path("<id:pk>/", admin_views.thresholds_edit, name="edit"),
], "thresholds")
