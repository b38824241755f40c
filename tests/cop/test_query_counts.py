"""Pages cost the same number of queries whatever their size."""

from django.urls import reverse

from cop.enums import PostStatus
from cop.models import Post, Tag, Thread, ThreadTag
from tests.conftest import PASSWORD


def _fill_thread(thread, authors, n):
    Post.objects.bulk_create([
        Post(thread=thread, author=authors[i % len(authors)], body=f"Reply {i} #Tag{i % 3}",
             status=PostStatus.PUBLISHED)
        for i in range(n)
    ])


def _thread_page_queries(client, thread, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response


def test_thread_page_queries_do_not_grow_with_posts(
    client, member, thread_factory, member_factory, django_assert_max_num_queries
):
    authors = [member_factory() for _ in range(5)]
    small = thread_factory(title="Small")
    big = thread_factory(title="Big")
    _fill_thread(small, authors, 19)
    _fill_thread(big, authors, 199)
    client.login(username=member.username, password=PASSWORD)
    client.get(small.get_absolute_url())  # warm the session and caches, store posts' HTML
    client.get(big.get_absolute_url())
    limit = 12
    small_page = _thread_page_queries(client, small, django_assert_max_num_queries, limit)
    big_page = _thread_page_queries(client, big, django_assert_max_num_queries, limit)
    assert small_page.content.decode().count('class="post"') == 20
    assert big_page.content.decode().count('class="post"') == 20


def test_category_page_queries_do_not_grow_with_threads(
    client, category_factory, member_factory, django_assert_max_num_queries
):
    authors = [member_factory() for _ in range(5)]
    tag = Tag.objects.create(name="CoProduceGM", slug="coproducegm")
    for cat, n in ((category_factory(slug="small"), 10), (category_factory(slug="big"), 1000)):
        threads = Thread.objects.bulk_create([
            Thread(category=cat, title=f"Thread {i}", author=authors[i % 5],
                   status=PostStatus.PUBLISHED)
            for i in range(n)
        ])
        Post.objects.bulk_create([
            Post(thread=t, author=t.author, body="Hello", is_opening=True,
                 status=PostStatus.PUBLISHED) for t in threads
        ])
        ThreadTag.objects.bulk_create([ThreadTag(thread=t, tag=tag) for t in threads])
    for slug, expected in (("small", 10), ("big", 25)):
        with django_assert_max_num_queries(6):
            response = client.get(reverse("cop:category", args=[slug]))
        assert response.content.decode().count('class="thread-item"') == expected
    with django_assert_max_num_queries(6):
        response = client.get(reverse("cop:tag", args=["coproducegm"]))
    assert response.content.decode().count('class="thread-item"') == 25
    with django_assert_max_num_queries(8):
        assert client.get(reverse("cop:index")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("cop:feed")).status_code == 200


def test_home_and_forum_index_read_site_wide_figures_from_the_cache(
    client, thread_factory, category_factory, django_assert_max_num_queries
):
    categories = [category_factory() for _ in range(3)]
    for i in range(30):
        thread_factory(category=categories[i % 3], title=f"Thread {i}")
    client.get("/")  # the first visit fills the cache
    client.get(reverse("cop:index"))
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(1):
        page = client.get(reverse("cop:index")).content.decode()
    assert page.count('class="thread-item"') == 10
    assert "10 threads" in page


def test_thread_page_for_visitors_makes_four_queries(
    client, thread_factory, member_factory, django_assert_max_num_queries
):
    thread = thread_factory(title="Big")
    _fill_thread(thread, [member_factory() for _ in range(3)], 60)
    client.get(f"{thread.get_absolute_url()}?page=2")  # stores these posts' HTML, fills caches
    # The thread, the count of its posts, one page of posts, its tags.
    with django_assert_max_num_queries(4):
        response = client.get(f"{thread.get_absolute_url()}?page=2")
    assert response.content.decode().count('class="post"') == 20
