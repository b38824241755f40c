"""The Wagtail home page shows the welcome, lively threads, categories and tags."""

from cop.models import Category
from tests.conftest import PASSWORD


def test_home_page_shows_welcome_and_active_threads(client, thread_factory, post_factory,
                                                    django_assert_max_num_queries):
    thread = thread_factory(title="Co-production Week plans")
    post_factory(thread=thread)
    # The first request also looks up the site and the page types; featured and new resources
    # add a few fixed queries. None of them grows with the number of threads or resources.
    with django_assert_max_num_queries(15):
        page = client.get("/").content.decode()
    assert "A place to share how we work together" in page
    assert "Co-production Week plans" in page
    assert thread.category.name in page


def test_staff_manage_categories_in_wagtail_admin(client, member_factory):
    admin = member_factory(username="boss", is_superuser=True, is_staff=True)
    client.login(username=admin.username, password=PASSWORD)
    listing = client.get("/admin/snippets/cop/category/")
    assert listing.status_code == 200
    response = client.post("/admin/snippets/cop/category/add/", {
        "name": "Youth voice", "slug": "youth-voice", "description": "Young people leading.",
        "order": 3,
    })
    assert response.status_code == 302
    assert Category.objects.get(slug="youth-voice").name == "Youth voice"


def test_members_cannot_reach_the_admin(client, member):
    client.login(username=member.username, password=PASSWORD)
    response = client.get("/admin/snippets/cop/category/")
    assert response.status_code in {302, 403}
    client.post("/admin/snippets/cop/category/add/", {
        "name": "Youth voice", "slug": "youth-voice", "description": "Young people leading.",
        "order": 3,
    })
    assert not Category.objects.filter(slug="youth-voice").exists()


def test_header_resources_link_leads_to_the_library(client, library):
    response = client.get("/library/")
    assert response.status_code == 302 and response.url == library.url
    assert 'href="/library/">Resources</a>' in client.get("/forum/").content.decode()


def test_resources_link_says_so_while_the_library_is_unpublished(client, library):
    library.unpublish()
    response = client.get("/library/")
    assert response.status_code == 404
