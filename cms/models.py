"""Page models edited in Wagtail."""

from datetime import timedelta

from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cop import selectors


class HomePage(Page):
    """The front door: an editable welcome, the liveliest conversations and popular tags."""

    intro = RichTextField(
        blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"],
        help_text="A short welcome for people arriving for the first time.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        since = timezone.now() - timedelta(days=30)
        active = list(selectors.active_threads_since(since=since, limit=6, user=user))
        if not active:
            active = list(selectors.thread_list(user=user)[:6])
        context.update({
            "active_threads": active,
            "popular_tags": selectors.popular_tags(user=user, limit=15),
            "categories": selectors.categories_with_counts(user=user),
        })
        return context
