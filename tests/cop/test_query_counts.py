"""Pages cost the same number of queries whatever their size."""

import re

from django.test import Client
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
    limit = 19  # posts, authors, quotes, scores, files, notices marked seen; reactions, saved
    # marks, the read mark and its move, the draft: one each
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


def test_thread_page_queries_do_not_grow_with_attachments(
    client, member, thread_factory, member_factory, django_assert_max_num_queries
):
    from cop.enums import AttachmentKind
    from cop.models import Attachment

    authors = [member_factory() for _ in range(3)]
    pages = {}
    for title, n in (("Few files", 19), ("Many files", 99)):
        thread = thread_factory(title=title)
        _fill_thread(thread, authors, n)
        Attachment.objects.bulk_create([
            Attachment(post=post, kind=kind, file=f"forum/{post.pk}-{kind}", size=100,
                       original_name=f"file-{post.pk}.png", content_type="image/png",
                       alt_text="A hand-drawn map of the town" if kind == "image" else "",
                       thumb_width=320, thumb_height=200)
            for post in thread.posts.all() for kind in AttachmentKind.values
        ])
        pages[title] = thread
    client.login(username=member.username, password=PASSWORD)
    client.get(pages["Few files"].get_absolute_url())
    for thread in pages.values():
        page = _thread_page_queries(client, thread, django_assert_max_num_queries, 19)
        html = page.content.decode()
        assert html.count('alt="A hand-drawn map of the town"') == 20
        assert html.count('class="attachment-file"') == 20


def _queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_thread_page_with_reactions_saved_posts_and_new_markers_costs_the_same(
    client, member, thread_factory, member_factory
):
    from cop.enums import ReactionKind
    from cop.models import Bookmark, Reaction

    authors = [member_factory() for _ in range(3)]
    pages = {}
    for title, n in (("Small", 19), ("Big", 199)):
        thread = thread_factory(title=title)
        _fill_thread(thread, authors, n)
        thread.is_question = True
        thread.answer = thread.posts.last()
        thread.save()
        posts = list(thread.posts.all())
        Reaction.objects.bulk_create([
            Reaction(post=p, user=a, kind=kind)
            for p in posts for a in authors for kind in ReactionKind.values
        ])
        Bookmark.objects.bulk_create([Bookmark(post=p, user=member) for p in posts])
        pages[title] = thread
    for thread in pages.values():  # a visitor's view stores the posts' HTML and fills caches
        Client().get(thread.get_absolute_url())
    client.login(username=member.username, password=PASSWORD)
    # A page with a form first: the session keeps the form-stamp secret from then on.
    client.get(reverse("cop:new_thread"))
    small_first, _ = _queries_for(client, pages["Small"].get_absolute_url())  # first visit
    big_first, big_page = _queries_for(client, pages["Big"].get_absolute_url())
    assert small_first == big_first
    assert big_page.count('aria-pressed="true"') == 20  # every post shown as saved
    assert big_page.count('class="marker marker-new"') == 20
    small_again, _ = _queries_for(client, pages["Small"].get_absolute_url())
    big_again, _ = _queries_for(client, pages["Big"].get_absolute_url())
    assert small_again == big_again <= 20


def test_lists_with_unread_counts_and_pinned_threads_cost_the_same(
    client, member, category_factory, member_factory
):
    from cop.models import ReadState

    authors = [member_factory() for _ in range(3)]
    for slug, n in (("small", 10), ("big", 300)):
        cat = category_factory(slug=slug)
        threads = Thread.objects.bulk_create([
            Thread(category=cat, title=f"Thread {i}", author=authors[i % 3],
                   status=PostStatus.PUBLISHED, pinned=i % 7 == 0)
            for i in range(n)
        ])
        Post.objects.bulk_create([
            Post(thread=t, author=t.author, body="Hello", is_opening=True,
                 status=PostStatus.PUBLISHED) for t in threads
        ])
        ReadState.objects.bulk_create([
            ReadState(user=member, thread=t, read_until=t.created_at) for t in threads[::2]
        ])
        Post.objects.bulk_create([
            Post(thread=t, author=authors[0], body="Later", status=PostStatus.PUBLISHED)
            for t in threads
        ])
    client.login(username=member.username, password=PASSWORD)
    client.get(reverse("cop:index"))
    small, _ = _queries_for(client, reverse("cop:category", args=["small"]))
    big, page = _queries_for(client, reverse("cop:category", args=["big"]))
    assert small == big <= 9
    assert "2 new posts" in page and "New to you" in page
    index, _ = _queries_for(client, reverse("cop:index"))
    assert index <= 11


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
    # Categories and tags come from the cache; the recent list, "start here" and pinned threads
    # are read for each visit.
    with django_assert_max_num_queries(3):
        page = client.get(reverse("cop:index")).content.decode()
    assert page.count('class="thread-item"') == 10
    assert "10 threads" in page


def test_thread_page_for_visitors_makes_six_queries(
    client, thread_factory, member_factory, django_assert_max_num_queries
):
    thread = thread_factory(title="Big")
    _fill_thread(thread, [member_factory() for _ in range(3)], 60)
    client.get(f"{thread.get_absolute_url()}?page=2")  # stores these posts' HTML, fills caches
    # The thread, the count of its posts, one page of posts, its tags, its files, reactions.
    with django_assert_max_num_queries(6):
        response = client.get(f"{thread.get_absolute_url()}?page=2")
    page = response.content.decode()
    assert page.count('class="post"') == 20
    # The opening post, then replies 0-18, are page 1: page 2 is replies 19-38, in order.
    assert [int(n) for n in re.findall(r"<p>Reply (\d+) ", page)] == list(range(19, 39))



def test_thread_page_queries_do_not_grow_with_pending_edits(
    client, member, thread_factory, member_factory, django_assert_max_num_queries
):
    from cop.models import PostEdit

    others = [member_factory() for _ in range(3)]
    pages = {}
    for title, n in (("Few edits", 4), ("Many edits", 40)):
        thread = thread_factory(title=title)
        _fill_thread(thread, [member, *others], n)
        PostEdit.objects.bulk_create([
            PostEdit(post=post, body=f"Waiting edit of {post.pk}", edited_by=post.author)
            for post in thread.posts.all()
        ])
        pages[title] = thread
    client.login(username=member.username, password=PASSWORD)
    client.get(pages["Few edits"].get_absolute_url())  # warm the session and caches
    for thread in pages.values():
        page = _thread_page_queries(client, thread, django_assert_max_num_queries, 20)
        html = page.content.decode()
        first_page = thread.posts.order_by("created_at", "pk")[:20]
        mine = sum(1 for post in first_page if post.author_id == member.pk)
        # Only the author sees their own waiting edits; nobody else's show.
        assert mine and html.count("Your edit is waiting for a check") == mine
        assert html.count("Waiting edit of") == mine
