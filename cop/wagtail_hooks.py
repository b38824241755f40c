"""Wagtail admin: staff manage forum categories as snippets; admins set screening thresholds."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cop.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = "Forum categories"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "order", "members_only"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)


@hooks.register("register_admin_urls")
def threshold_urls():
    from moderation import threshold_views

    patterns = ([
        path("", threshold_views.index, name="index"),
        path("<id:pk>/", threshold_views.edit, name="edit"),
    ], "cop_thresholds")
    return [path("screening-thresholds/", include(patterns))]


class AdminOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def threshold_menu_item():
    return AdminOnlyMenuItem("Screening thresholds", reverse("cop_thresholds:index"),
                             icon_name="cogs", order=900)
