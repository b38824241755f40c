"""Page models edited in Wagtail: the home page, the resource library and its resources, and the
reads their pages make (listing queries live beside the pages that show them)."""

import datetime
from functools import partial
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import ResourceBodyBlock
from cms.enums import LICENCE_URLS, Audience, Licence, ResourceType
from cms.forms import ResourceFilterForm
from cop import aggregates
from cop import selectors as forum
from cop.enums import PostStatus
from cop.models import Tag, ThreadTag
from cop.post_parts import attach_parts
from moderation.permissions import is_moderator

INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]


class HomePage(Page):
    """The front door: a welcome, featured and new resources, lively conversations, tags."""

    intro = RichTextField(
        blank=True, features=INTRO_FEATURES,
        help_text="A short welcome for people arriving for the first time.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_resources", label="Featured resource", max_num=6,
            help_text="Up to six resources to show first on the home page.",
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ResourceIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(home=self, user=request.user))
        return context


class FeaturedResource(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_resources")
    resource = models.ForeignKey(
        "cms.ResourcePage", on_delete=models.CASCADE, related_name="featured_on"
    )

    panels = [FieldPanel("resource")]

    def __str__(self) -> str:
        return f"{self.resource} on the home page"


class ResourceIndexPage(Page):
    """The resource library: every resource below it, filtered by type, topic and audience."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResourcePage"]
    per_page = 12

    class Meta:
        verbose_name = "resource library"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET, topics=resource_topics(index=self))
        context["filter_form"] = form
        if not form.is_valid():
            context["filter_error"] = True
            return context
        resources = resource_list(index=self, **form.filters())
        paginator = Paginator(resources, self.per_page)
        try:
            context["resources"] = paginator.page(request.GET.get("page", "1"))
        except (EmptyPage, PageNotAnInteger) as err:
            raise Http404("There is no such page of resources.") from err
        context["query_string"] = urlencode(
            {name: value for name, value in form.cleaned_data.items() if value}
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data.get("filter_error"):
            # An address with a type, topic or audience that does not exist is not a page
            # search engines should keep; people still see the form and a plain message.
            response.status_code = 404
        return response


class ResourcePage(Page):
    """One toolkit, report, guide, template, video or story, with its own discussion."""

    resource_type = models.CharField(
        "type", max_length=16, choices=ResourceType.choices, default=ResourceType.TOOLKIT,
        db_index=True,
    )
    summary = models.TextField(
        max_length=400,
        help_text="One or two sentences: what it is and who it helps. Shown in lists and search.",
    )
    body = StreamField(ResourceBodyBlock(), blank=True)
    authors = models.CharField(
        max_length=255, blank=True, help_text="Names of the people who made it, with commas.",
    )
    organisation = models.CharField(max_length=160, blank=True)
    licence = models.CharField(
        max_length=32, choices=Licence.choices, default=Licence.CC_BY,
        help_text="How others may reuse it.",
    )
    date = models.DateField(
        default=datetime.date.today, db_index=True, help_text="When it was written or released.",
    )
    topic_tags = ParentalManyToManyField(
        "cop.Tag", blank=True, related_name="resource_pages", verbose_name="topics",
        help_text="The forum hashtags this resource is about. Its discussion gets them too.",
    )
    audience = models.CharField(
        "who it is for", max_length=32, choices=Audience.choices, default=Audience.EVERYONE,
        db_index=True,
    )
    # Set once, when the page is first published; kept out of revisions (see with_content_json).
    discussion_thread = models.ForeignKey(
        "cop.Thread", null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="resource_pages",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("resource_type"),
                FieldPanel("audience"),
                FieldPanel("topic_tags", widget=forms.CheckboxSelectMultiple),
            ],
            heading="About this resource",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldPanel("organisation"),
                FieldPanel("date"),
                FieldPanel("licence"),
            ],
            heading="Credits and licence",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("authors"),
        index.SearchField("organisation"),
        index.RelatedFields("topic_tags", [index.SearchField("name")]),
        index.FilterField("resource_type"),
        index.FilterField("audience"),
    ]
    parent_page_types = ["cms.ResourceIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["discussion_thread"]

    search_kind = "Resource"

    class Meta:
        verbose_name = "resource"

    @property
    def search_summary(self) -> str:
        return self.summary

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    def with_content_json(self, content):
        # A revision saved before the first publish has no discussion thread: restoring or
        # publishing it must keep the thread the page has now, not open a second one.
        page = super().with_content_json(content)
        page.discussion_thread_id = self.discussion_thread_id
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(resource_page_context(page=self, user=request.user))
        return context


# --- what the pages read; query counts do not grow with content ---

LATEST_REPLIES = 5
RELATED_DISCUSSIONS = 5


def public_resources() -> QuerySet[ResourcePage]:
    """Live resources anyone may read, without their bodies (lists never show them)."""
    return ResourcePage.objects.live().public().defer_streamfields()


def resource_list(*, index: Page | None = None, resource_type: str = "", topic: Tag | None = None,
                  audience: str = "") -> QuerySet[ResourcePage]:
    """Resources for the library's list, newest first. Resources meant for everyone are shown
    whichever audience is chosen."""
    qs = public_resources()
    if index is not None:
        qs = qs.descendant_of(index)
    if resource_type:
        qs = qs.filter(resource_type=resource_type)
    if topic is not None:
        qs = qs.filter(topic_tags=topic)
    if audience:
        qs = qs.filter(Q(audience=audience) | Q(audience=Audience.EVERYONE))
    return qs.prefetch_related("topic_tags").order_by("-date", "-first_published_at", "-pk")


def resource_topics(*, index: Page | None = None) -> QuerySet[Tag]:
    """The tags at least one public resource carries, for the library's topic filter."""
    return Tag.objects.filter(
        resource_pages__in=resource_list(index=index).values("pk")
    ).distinct().order_by("slug")


def featured_resources(*, home: HomePage, resources=None) -> QuerySet[ResourcePage]:
    resources = public_resources() if resources is None else resources
    return resources.filter(featured_on__page=home).order_by("featured_on__sort_order")


def latest_resources(*, limit: int = 4, resources=None) -> QuerySet[ResourcePage]:
    resources = public_resources() if resources is None else resources
    return resources.order_by("-first_published_at", "-pk")[:limit]


def library_page() -> ResourceIndexPage | None:
    return ResourceIndexPage.objects.live().public().order_by("path").first()


def _home_resources(home: HomePage) -> dict:
    # Finding the private sections costs a query each time, so both lists share one lookup.
    resources = public_resources()
    featured = list(featured_resources(home=home, resources=resources))
    featured_ids = {page.pk for page in featured}
    latest = [page for page in latest_resources(limit=4 + len(featured), resources=resources)
              if page.pk not in featured_ids][:4]
    return {"featured_resources": featured, "latest_resources": latest,
            "library": library_page()}


def home_page_context(*, home: HomePage, user) -> dict:
    """What the home page shows. The resource lists are the same for everyone and are cached
    until a page or post is published or unpublished."""
    return {
        **aggregates.cached(f"home-resources-{home.pk}", user=None,
                            compute=lambda: _home_resources(home)),
        "active_threads": forum.lively_threads(user=user, days=30, limit=6),
        # Called by the template only when its cached fragment has expired.
        "popular_tags": partial(forum.popular_tags, user=user, limit=15),
        "categories": partial(forum.categories_with_counts, user=user),
        "forum_fragment_key": aggregates.fragment_key(user=user),
        "forum_fragment_seconds": settings.FORUM_AGGREGATES_CACHE_SECONDS,
    }


def resource_page_context(*, page: ResourcePage, user) -> dict:
    """The discussion under a resource: its latest replies, how many there are, and other
    threads about the same topics."""
    tags = list(page.topic_tags.all())
    thread = None
    if page.discussion_thread_id:
        thread = forum.visible_thread(pk=page.discussion_thread_id, user=user)
    replies, reply_total = [], 0
    if thread is not None:
        posts = forum.thread_posts(thread=thread, user=user).filter(is_opening=False)
        replies = list(posts.order_by("-created_at", "-pk")[:LATEST_REPLIES])[::-1]
        attach_parts(replies, user=user)
        reply_total = posts.filter(status=PostStatus.PUBLISHED).count()
    related = []
    if tags:
        tagged = ThreadTag.objects.filter(tag__in=tags).values("thread_id")
        related_qs = forum.thread_list(user=user).filter(pk__in=tagged)
        if page.discussion_thread_id:
            related_qs = related_qs.exclude(pk=page.discussion_thread_id)
        related = list(related_qs[:RELATED_DISCUSSIONS])
    return {
        "topic_tags": tags,
        "discussion": thread,
        "latest_replies": replies,
        "reply_total": reply_total,
        "related_threads": related,
        "is_moderator": is_moderator(user),
    }
