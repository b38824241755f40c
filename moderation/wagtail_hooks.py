"""Puts the review queue, audit log and dashboard in the Wagtail admin, for moderators only."""

from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from moderation import admin_urls
from moderation.permissions import is_moderator


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("moderation/", include(admin_urls, namespace="review"))]


@hooks.register("register_admin_menu_item")
def register_review_menu():
    return SubmenuMenuItem(
        "Moderation",
        Menu(items=[
            ModeratorMenuItem("Review queue", reverse_lazy("review:queue"), name="review-queue",
                              icon_name="warning", order=100),
            ModeratorMenuItem("Audit log", reverse_lazy("review:audit_log"),
                              name="review-audit-log", icon_name="history", order=200),
            ModeratorMenuItem("Dashboard", reverse_lazy("review:dashboard"),
                              name="review-dashboard", icon_name="view", order=300),
        ]),
        name="moderation", icon_name="warning", order=250,
    )
