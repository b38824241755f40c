"""Every moderation page in the Wagtail admin: the review queue, audit log and dashboard for
moderators, and the per-category screening thresholds for site administrators."""

from django.urls import include, path, reverse, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from moderation.permissions import is_moderator
from moderation.web.urls import review_patterns, threshold_patterns


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


class AdminOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("moderation/", include(review_patterns, namespace="review")),
        path("screening-thresholds/", include(threshold_patterns, namespace="thresholds")),
    ]


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


@hooks.register("register_settings_menu_item")
def register_threshold_menu_item():
    return AdminOnlyMenuItem("Screening thresholds", reverse("thresholds:index"),
                             icon_name="cogs", order=900)
