"""Forum search: safe parsing of any query, the full-text index kept in step with posts,
filters, sorting, highlighted extracts, plain failure and a steady number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cop import edits, publishing, services
from cop.enums import PostStatus
from cop.models import Tag, ThreadTag
from cop.search import MAX_QUERY_LENGTH, MAX_TERMS, parse_query
from tests.conftest import PASSWORD

NASTY_QUERIES = [
    '"', '"budget', 'budget"', '""', '" "', "a\x00b", "\x00", "budget\x00", "AND", "OR NOT",
    "NEAR(budget carers)", "*", "budget*", "^budget", "-budget", "title:budget", "(", ")",
    "'; DROP TABLE cop_post; --", "{budget}", "budget & carers | !x", "<->", ":*", "\\",
    "\u200bbudget\u202e", "b" * 5000, " ".join(["budget"] * 100), "🙂 budget", "ﬁnance",
]


def _search(client, **params):
    return client.get(reverse("cop:search"), params)


def _titles(response):
    return [hit.title for hit in response.context["page"].object_list]


def test_parse_query_keeps_words_and_phrases_and_drops_syntax():
    parsed = parse_query('"participatory budgeting" carers* AND (Wigan) "x')
    assert parsed.phrases == (("participatory", "budgeting"),)
    assert parsed.words == ("carers", "and", "wigan", "x")
    assert parsed.fts5() == '"carers" "and" "wigan" "x" "participatory budgeting"'


def test_parse_query_strips_control_characters_and_limits_size():
    assert parse_query("a\x00b\nc").words == ("a", "b", "c")
    assert not parse_query('\x00 " * ( )')
    long = parse_query(" ".join(f"word{i}" for i in range(100)))
    assert len(long.words) == MAX_TERMS
    assert len(parse_query("x" * 5000).text) == MAX_QUERY_LENGTH


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_search_any_query_gives_a_page_not_an_error(client, thread_factory, query):
    thread_factory(title="Participatory budget for carers", body="Budget day in Wigan.")
    response = _search(client, q=query)
    assert response.status_code == 200
    assert b"Traceback" not in response.content


def test_search_quoted_phrase_needs_the_words_side_by_side(client, thread_factory):
    thread_factory(title="Peer research", body="We paid peer researchers fairly.")
    thread_factory(title="Research with peers", body="Led by a peer group.")
    response = _search(client, q='"peer researchers"')
    assert _titles(response) == ["Peer research"]


def test_search_extract_is_escaped_and_marks_the_words(client, thread_factory):
    thread_factory(title="Budgets", body="When 5 < 6 the <em>budget</em> & the plan hold.")
    html = _search(client, q="budget <></>").content.decode()
    assert "<mark>budget</mark>" in html
    assert "5 &lt; 6" in html
    assert "budget <></>" not in html and "budget &lt;&gt;&lt;/&gt;" in html


def test_search_finds_replies_and_says_they_are_replies(client, thread_factory, post_factory):
    thread = thread_factory(title="Evaluation ideas", body="Any thoughts?")
    reply = post_factory(thread=thread, body="A storytelling circle worked for us.")
    response = _search(client, q="storytelling", kind="post")
    hits = response.context["page"].object_list
    assert [(hit.kind, hit.post_id) for hit in hits] == [("Reply", reply.pk)]
    assert f'href="{reply.get_absolute_url()}"' in response.content.decode()


def test_search_never_shows_unpublished_or_hidden_posts(
    client, member, thread_factory, post_factory, category_factory
):
    public = thread_factory(title="Open thread", body="Nothing here.")
    post_factory(thread=public, body="held walrus", status=PostStatus.HELD)
    post_factory(thread=public, body="pending walrus", status=PostStatus.PENDING)
    held_thread = thread_factory(title="Held thread", body="Quiet.", status=PostStatus.HELD)
    post_factory(thread=held_thread, body="published walrus in a held thread")
    private = thread_factory(title="Private", category=category_factory(members_only=True))
    post_factory(thread=private, body="members walrus")
    assert _search(client, q="walrus").context["page"].paginator.count == 0
    client.login(username=member.username, password=PASSWORD)
    response = _search(client, q="walrus", kind="post")
    hits = response.context["page"].object_list
    assert [(hit.title, hit.snippet) for hit in hits] == [
        ("Private", "members <mark>walrus</mark>")]


def test_search_index_follows_edits_titles_and_holds(client, member, category):
    thread = services.start_thread(author=member, category=category, title="Kite festival",
                                   body="Bring a kite.")
    post = thread.posts.get()
    publishing.publish_post(post=post)
    assert _titles(_search(client, q="kite")) == ["Kite festival"]
    edit = services.edit_post(post=post, editor=member, body="Bring a lantern.",
                              title="Lantern festival").edits.get()
    assert _titles(_search(client, q="lantern")) == []  # an edit waits for its check
    edits.publish_edit(edit=edit)
    assert _titles(_search(client, q="kite")) == []
    assert _titles(_search(client, q="lantern")) == ["Lantern festival"]
    publishing.hold_post(post=post)
    assert _titles(_search(client, q="lantern")) == []


def test_search_filters_by_category_tag_author_and_date(
    client, member, other_member, category_factory, thread_factory
):
    cat_a, cat_b = category_factory(), category_factory()
    a = thread_factory(title="Toolkit for councils", category=cat_a, author=member)
    thread_factory(title="Toolkit for schools", category=cat_b, author=other_member)
    old = thread_factory(title="Toolkit from last year", category=cat_b, author=other_member)
    old.posts.update(created_at=timezone.now() - timedelta(days=400))
    tag = Tag.objects.create(name="CoProduceGM", slug="coproducegm")
    ThreadTag.objects.create(thread=a, tag=tag)

    assert _titles(_search(client, q="toolkit", category=cat_a.slug)) == [a.title]
    assert _titles(_search(client, q="toolkit", tag="#CoProduceGM")) == [a.title]
    assert _titles(_search(client, q="toolkit", author=member.username)) == [a.title]
    recent = _titles(_search(client, q="toolkit",
                             since=(timezone.now() - timedelta(days=30)).date().isoformat()))
    assert sorted(recent) == ["Toolkit for councils", "Toolkit for schools"]
    until = (timezone.now() - timedelta(days=300)).date().isoformat()
    assert _titles(_search(client, q="toolkit", until=until)) == [old.title]


def test_search_bad_filters_get_a_clear_message(client, category, thread_factory):
    for params, message in [
        ({"q": "x", "since": "last tuesday"}, "Please give the date as YYYY-MM-DD."),
        ({"q": "x", "since": "2026-05-01", "until": "2026-01-01"}, "on or after the start"),
        ({"q": "x", "category": "no-such"}, "Please choose one of the categories listed."),
        ({"q": "x", "kind": "spam"}, "Please choose one of the kinds listed."),
        ({"q": "x", "author": "nobody-here"}, "We could not find a member called"),
        ({"q": "x", "tag": "nosuchtag"}, "No discussion is tagged #nosuchtag yet."),
    ]:
        response = _search(client, **params)
        assert response.status_code == 400, params
        assert message in response.content.decode()


def test_search_sorts_by_relevance_or_date(client, thread_factory):
    older = thread_factory(title="Funding for peer researchers",
                           body="Funding, funding and more funding for peer work.")
    newer = thread_factory(title="Summer picnic", body="Bring food; we may talk about funding.")
    assert _titles(_search(client, q="funding", kind="thread")) == [older.title, newer.title]
    by_date = _search(client, q="funding", kind="thread", sort="date")
    assert _titles(by_date) == [newer.title, older.title]


def test_search_failure_is_said_in_plain_words(client, thread_factory):
    thread_factory(title="Story circles", body="Stories.")
    with connection.cursor() as cursor:  # the index goes missing, as after a failed restore
        if connection.vendor == "sqlite":
            cursor.execute("DROP TABLE cop_post_search")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DROP TRIGGER cop_post_search_vector ON cop_post")
            cursor.execute("ALTER TABLE cop_post DROP COLUMN search_vector CASCADE")
    response = _search(client, q="stories", kind="thread")
    assert response.status_code == 503
    assert "search is not working just now" in response.content.decode()


def test_search_index_exists_for_the_database_in_use(db):
    tables = connection.introspection.table_names()
    assert ("cop_post_search" in tables) == (connection.vendor == "sqlite")
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor,
                                                                                   "cop_post")]
    assert ("search_vector" in columns) == (connection.vendor == "postgresql")


def test_search_query_count_does_not_grow_with_results(
    client, thread_factory, post_factory, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            thread = thread_factory(title=f"Evaluation question {i}")
            post_factory(thread=thread, body="Our evaluation used co-produced indicators.")

    add(2)
    with django_assert_max_num_queries(10) as few:
        _search(client, q="evaluation", kind="post")
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = _search(client, q="evaluation", kind="post")
    assert response.context["page"].paginator.count == 32


def test_search_filters_list_a_new_category_and_keep_a_chosen_one(
    client, member, category_factory, thread_factory, django_capture_on_commit_callbacks
):
    """The filters with nothing chosen are kept between searches; a category added since
    shows in the next one, members see members-only categories, and a chosen category stays
    chosen."""
    thread_factory(title="Budget day", body="Budget day in Wigan.")
    page = _search(client, q="budget").content.decode()
    assert "Carers' rights" not in page
    with django_capture_on_commit_callbacks(execute=True):
        carers = category_factory(name="Carers' rights", slug="carers-rights")
        category_factory(name="Staff room", slug="staff-room", members_only=True)
    page = _search(client, q="budget").content.decode()
    assert "Carers&#x27; rights" in page and "Staff room" not in page
    client.force_login(member)
    assert "Staff room" in _search(client, q="budget").content.decode()
    chosen = _search(client, q="budget", category=carers.slug).content.decode()
    assert f'<option value="{carers.slug}" selected>' in chosen


def test_search_results_say_who_wrote_a_post_and_on_which_day(client, thread_factory):
    thread = thread_factory(title="Budget day", body="Budget day in Wigan.")
    post = thread.posts.get()
    page = _search(client, q="budget").content.decode()
    day = timezone.localtime(post.created_at)
    assert f"on <time datetime=\"{post.created_at.isoformat()}\">" in page
    assert f"{day.day} {day:%B %Y}</time>" in page
    assert f"Written by {post.author.public_name}" in page


def test_search_results_count_a_discussions_posts_and_follow_new_replies(
    client, thread_factory, post_factory, django_capture_on_commit_callbacks
):
    """Each discussion's count of posts is kept between searches, and made again once a post
    is published or held."""
    thread = thread_factory(title="Budget day", body="Budget day in Wigan.")
    post_factory(thread=thread, body="We went too.")
    post_factory(thread=thread, body="Waiting for its check.", status=PostStatus.PENDING)
    assert "2 posts" in _search(client, q="budget").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_factory(thread=thread, body="So did we.")
    assert "3 posts" in _search(client, q="budget").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.hold_post(post=reply)
    assert "2 posts" in _search(client, q="budget").content.decode()
