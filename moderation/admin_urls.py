"""Addresses of the moderators' pages, mounted in the Wagtail admin under /admin/moderation/."""

from django.urls import path

from moderation import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("decide/", views.queue_decide, name="queue_decide"),
    path("posts/<int:post_id>/", views.item, name="item"),
    path("posts/<int:post_id>/decide/", views.item_decide, name="item_decide"),
    path("posts/<int:post_id>/campaign/", views.campaign, name="campaign"),
    path("audit-log/", views.audit_log, name="audit_log"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
