"""Wagtail admin: staff manage forum categories as snippets (moderation's admin pages are
hooked in by moderation/wagtail_hooks.py)."""

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
