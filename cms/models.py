"""Page models edited in Wagtail: the home page, the resource library and its resources."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import ResourceBodyBlock
from cms.enums import LICENCE_URLS, Audience, Licence, ResourceType
from cms.forms import ResourceFilterForm

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
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_context(home=self, user=request.user))
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
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET, topics=selectors.resource_topics(index=self))
        context["filter_form"] = form
        if not form.is_valid():
            context["filter_error"] = True
            return context
        resources = selectors.resource_list(index=self, **form.filters())
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
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.resource_page_context(page=self, user=request.user))
        return context
