"""One search box for resources and discussions, tag pages with resources, and sitemap.xml."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from cms.enums import ResourceType
from cms.signal_handlers import default_site_follows_site_url
from cop.enums import PostStatus


def _results(response):
    return [(hit.kind, hit.title) for hit in response.context["page"].object_list]


def test_search_finds_resources_and_discussions_labelled_by_kind(
    client, resource_factory, thread_factory, django_assert_max_num_queries
):
    resource_factory(title="Participatory budgeting toolkit",
                     summary="Run a participatory budgeting day with residents.")
    thread_factory(title="Our participatory budgeting day in Wigan")
    resource_factory(title="Unrelated guide", summary="Nothing about money.")

    with django_assert_max_num_queries(14):
        response = client.get(reverse("cop:search"), {"q": "participatory budgeting"})
    results = _results(response)
    assert results[0] == ("Resource", "Participatory budgeting toolkit")
    assert ("Discussion", "Participatory budgeting toolkit") in results
    assert ("Discussion", "Our participatory budgeting day in Wigan") in results
    assert not any(title == "Unrelated guide" for _, title in results)
    html = response.content.decode()
    assert '<span class="tag-label">Resource</span>' in html
    assert '<span class="tag-label">Discussion</span>' in html


def test_search_finds_resources_by_summary_and_hides_private_and_drafts(
    client, resource_factory
):
    resource_factory(title="Story circles", summary="How we ran storytelling circles for carers.")
    resource_factory(title="Draft circles", summary="Storytelling draft.", publish=False)
    private = resource_factory(title="Private circles", summary="Storytelling for staff.")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get(reverse("cop:search"), {"q": "storytelling"})
    titles = [title for kind, title in _results(response) if kind == "Resource"]
    assert titles == ["Story circles"]


def test_search_query_count_does_not_grow_with_results(
    client, resource_factory, thread_factory, django_assert_max_num_queries
):
    for i in range(3):
        resource_factory(title=f"Evaluation toolkit {i}")
        thread_factory(title=f"Evaluation question {i}")
    with django_assert_max_num_queries(14):
        client.get(reverse("cop:search"), {"q": "evaluation"})
    for i in range(3, 30):
        resource_factory(title=f"Evaluation toolkit {i}")
        thread_factory(title=f"Evaluation question {i}")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cop:search"), {"q": "evaluation"})
    assert response.context["page"].paginator.count == 90  # 30 resources, their 30 threads, 30


def test_tag_page_lists_resources_with_that_tag(client, resource_factory, tag_factory,
                                                 library):
    tag = tag_factory("CoProduceGM")
    resource_factory(title="Greater Manchester principles", tags=[tag],
                     resource_type=ResourceType.GUIDE)
    resource_factory(title="Untagged report", resource_type=ResourceType.REPORT)

    html = client.get(reverse("cop:tag", args=["coproducegm"])).content.decode()
    assert "Resources about #CoProduceGM" in html
    assert "Greater Manchester principles" in html
    assert "Untagged report" not in html
    assert f'href="{library.url}?topic=coproducegm"' in html


def test_sitemap_lists_public_pages_and_threads_only(
    client, resource_factory, thread_factory, category_factory
):
    resource = resource_factory(title="Published toolkit")
    draft = resource_factory(title="Draft toolkit", publish=False)
    public = thread_factory(title="Open thread")
    private = thread_factory(title="Coordinators", category=category_factory(members_only=True))
    held = thread_factory(title="Held", status=PostStatus.HELD)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    root = Site.objects.get(is_default_site=True).root_url
    assert f"<loc>{root}/</loc>" in xml
    assert f"<loc>{root}{resource.url}</loc>" in xml
    assert "/resources/</loc>" in xml
    assert draft.url not in xml
    assert f"<loc>{root}{public.get_absolute_url()}</loc>" in xml
    assert f"<loc>{root}{resource.discussion_thread.get_absolute_url()}</loc>" in xml
    assert private.get_absolute_url() not in xml
    assert held.get_absolute_url() not in xml


def test_sitemap_names_the_address_in_site_url(client, settings, thread_factory):
    """Until an administrator sets the site's address, migrations take it from SITE_URL."""
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    settings.SITE_URL = "https://cop.example.org"
    default_site_follows_site_url(sender=None)
    thread = thread_factory(title="Open thread")
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://cop.example.org/</loc>" in xml
    assert f"<loc>https://cop.example.org{thread.get_absolute_url()}</loc>" in xml
    assert "localhost" not in xml


def test_an_address_set_by_an_administrator_is_kept(db, settings):
    Site.objects.filter(is_default_site=True).update(hostname="coproduce.org.uk", port=443)
    settings.SITE_URL = "https://cop.example.org"
    default_site_follows_site_url(sender=None)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("coproduce.org.uk", 443)


def test_a_page_made_private_after_a_search_leaves_the_results_at_once(
    client, resource_factory, django_capture_on_commit_callbacks
):
    """Where the private sections are is kept in the cache between searches; making a page
    private (or public again) must show in the very next search."""
    circles = resource_factory(title="Story circles", summary="Storytelling with carers.")

    def resource_titles():
        response = client.get(reverse("cop:search"), {"q": "storytelling"})
        return [title for kind, title in _results(response) if kind == "Resource"]

    assert resource_titles() == ["Story circles"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=circles, restriction_type="login")
    assert resource_titles() == []
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert resource_titles() == ["Story circles"]


def test_a_renamed_resource_shows_its_new_title_in_the_next_search(
    client, resource_factory, editor, django_capture_on_commit_callbacks
):
    """A result's title, address and summary are kept between searches until a page is
    published again."""
    page = resource_factory(title="Story circles", summary="Storytelling with carers.")
    assert ("Resource", "Story circles") in _results(
        client.get(reverse("cop:search"), {"q": "storytelling"}))
    page.title = "Storytelling circles"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    results = _results(client.get(reverse("cop:search"), {"q": "storytelling"}))
    assert ("Resource", "Storytelling circles") in results
    assert ("Resource", "Story circles") not in results


def test_page_search_on_postgresql_finds_what_wagtail_finds(
    db, resource_factory, library
):
    """On PostgreSQL the page search is one statement over Wagtail's index: it must find the
    same live public pages as Wagtail's own search, in the same order, and leave out drafts,
    pages under a private section and, for resources only, pages of other types."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from cop.search import parse_query
    from cop.search_results import _page_refs, _public

    if connection.vendor != "postgresql":
        pytest.skip("the one-statement page search runs on PostgreSQL only")
    resource_factory(title="Carers' budgeting toolkit", summary="Plan a budget with carers.")
    resource_factory(title="Meeting notes", summary="Notes on budgeting with carers and staff.")
    resource_factory(title="Budgeting draft", summary="Carers budgeting.", publish=False)
    section = resource_factory(title="Staff section", summary="Budgeting for staff.")
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    resource_factory(title="Budgeting inside", summary="Carers.", parent=section)
    library.title = "Budgeting resources for carers"
    library.save_revision().publish()

    def wagtails(words, model):
        pages = _public(model.objects.live())
        return [page.pk for page in get_search_backend().search(words, pages)]

    _page_refs(parse_query("warm"), "")  # content types and private sections are kept
    for words in ["budgeting", "carers budgeting", "staff", "nothing-here"]:
        query = parse_query(words)
        with CaptureQueriesContext(connection) as run:
            found = [ref.pk for ref in _page_refs(query, "")]
        assert len([q for q in run.captured_queries if "SAVEPOINT" not in q["sql"]]) == 1
        assert found == wagtails(words, Page), words
        resources = [ref.pk for ref in _page_refs(query, "resource")]
        assert resources == wagtails(words, type(section)), words
    found = [Page.objects.get(pk=ref.pk).title for ref in _page_refs(parse_query("budgeting"), "")]
    assert found == ["Carers' budgeting toolkit", "Meeting notes", "Budgeting resources for carers"]
    resources = _page_refs(parse_query("budgeting"), "resource")
    assert [Page.objects.get(pk=ref.pk).title for ref in resources] == found[:2]
