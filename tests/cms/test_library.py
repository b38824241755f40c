"""The resource library lists, filters and pages resources, and the home page shows them."""

import pytest
from wagtail.models import PageViewRestriction

from cms.enums import Audience, ResourceType
from cms.models import FeaturedResource, ResourcePage
from cop.enums import PostStatus
from cop.models import Post


@pytest.fixture
def shelf(resource_factory, tag_factory):
    gm, peer = tag_factory("CoProduceGM"), tag_factory("PeerResearch")
    return {
        "toolkit": resource_factory(title="Budget toolkit", tags=[gm],
                                    audience=Audience.ORGANISATIONS),
        "report": resource_factory(title="Peer research findings", tags=[peer],
                                   resource_type=ResourceType.REPORT,
                                   audience=Audience.RESEARCHERS),
        "story": resource_factory(title="Amina's story", tags=[gm, peer],
                                  resource_type=ResourceType.STORY),
    }


def _titles(response) -> set[str]:
    return {page.title for page in response.context["resources"].object_list}


def test_library_lists_every_public_resource_with_a_count(client, library, shelf,
                                                          resource_factory):
    resource_factory(title="Still a draft", publish=False)
    private = resource_factory(title="Coordinators only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get(library.url)
    assert response.status_code == 200
    assert _titles(response) == {"Budget toolkit", "Peer research findings", "Amina's story"}
    assert "3 resources" in response.content.decode()


@pytest.mark.parametrize(("params", "expected"), [
    ({"type": "report"}, {"Peer research findings"}),
    ({"topic": "coproducegm"}, {"Budget toolkit", "Amina's story"}),
    ({"topic": "CoProduceGM", "type": "story"}, {"Amina's story"}),
    # Resources for everyone are shown whoever is chosen.
    ({"audience": "researchers"}, {"Peer research findings", "Amina's story"}),
    ({"type": "guide"}, set()),
])
def test_library_filters_by_type_topic_and_audience(client, library, shelf, params, expected):
    response = client.get(library.url, params)
    assert response.status_code == 200
    assert _titles(response) == expected
    assert f"{len(expected)} resource" in response.content.decode()


@pytest.mark.parametrize("params", [
    {"type": "spaceship"}, {"topic": "no-such-topic"}, {"audience": "everyone'--"},
    {"type": ["toolkit", "<script>"]}, {"page": "abc"}, {"page": "99"}, {"page": "-1"},
    {"type": "x" * 5000},
])
def test_library_bad_filters_are_not_found_never_an_error(client, library, shelf, params):
    response = client.get(library.url, params)
    assert response.status_code == 404
    if "page" not in params:
        html = response.content.decode()
        assert "We could not use the filter in this address" in html
        assert "<script>" not in html


def test_library_paginates_and_keeps_the_filters(client, library, resource_factory):
    for i in range(14):
        resource_factory(title=f"Guide {i}", resource_type=ResourceType.GUIDE)
    resource_factory(title="A lone toolkit")
    first = client.get(library.url, {"type": "guide"})
    assert len(first.context["resources"].object_list) == 12
    assert "?type=guide&amp;page=2" in first.content.decode()
    second = client.get(library.url, {"type": "guide", "page": 2})
    assert len(second.context["resources"].object_list) == 2


def test_library_query_count_does_not_grow_with_resources(
    client, library, resource_factory, tag_factory, django_assert_max_num_queries
):
    tags = [tag_factory("Toolkit"), tag_factory("Evaluation")]
    for i in range(10):
        resource_factory(title=f"Toolkit {i}", tags=tags)
    client.get(library.url)  # warm Wagtail's site cache
    limit = 12
    with django_assert_max_num_queries(limit):
        response = client.get(library.url, {"topic": "toolkit"})
    assert response.context["resources"].paginator.count == 10
    for i in range(190):
        page = ResourcePage(title=f"More {i}", slug=f"more-{i}", summary="Another toolkit.",
                            live=True)
        page.topic_tags = tags
        library.add_child(instance=page)
    with django_assert_max_num_queries(limit):
        response = client.get(library.url, {"topic": "toolkit"})
    assert response.context["resources"].paginator.count == 200


def test_resource_page_query_count_does_not_grow_with_replies(
    client, resource_factory, tag_factory, member_factory, django_assert_max_num_queries
):
    page = resource_factory(title="Co-design toolkit", tags=[tag_factory("Toolkit")])
    client.get(page.url)  # warm Wagtail's site cache
    limit = 15
    with django_assert_max_num_queries(limit):
        assert "Nobody has replied yet" in client.get(page.url).content.decode()
    authors = [member_factory() for _ in range(5)]
    Post.objects.bulk_create([
        Post(thread=page.discussion_thread, author=authors[i % 5], body=f"Reply {i}",
             status=PostStatus.PUBLISHED)
        for i in range(100)
    ])
    with django_assert_max_num_queries(limit):
        html = client.get(page.url).content.decode()
    assert "100 replies so far" in html
    assert html.count('class="post"') == 5


def test_home_page_shows_featured_and_latest_resources(client, home, shelf, resource_factory,
                                                       django_assert_max_num_queries):
    FeaturedResource.objects.create(page=home, resource=shelf["report"], sort_order=0)
    newest = resource_factory(title="Newest template", resource_type=ResourceType.TEMPLATE)
    client.get("/")  # warm Wagtail's site cache
    with django_assert_max_num_queries(13):
        html = client.get("/").content.decode()
    featured, latest, active = (
        html.index(heading) for heading in
        ("Featured resources", "New in the resource library", "Most active discussions")
    )
    assert "Peer research findings" in html[featured:latest]
    assert "Peer research findings" not in html[latest:active]
    assert newest.title in html[latest:active]
    assert "Popular tags" in html
