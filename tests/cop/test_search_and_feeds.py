"""Search over threads and posts, tag pages, Atom feeds and members-only categories."""

from django.urls import reverse

from cop.enums import PostStatus
from tests.conftest import PASSWORD


def test_search_finds_threads_by_title_and_by_reply_text(client, thread_factory, post_factory):
    thread_factory(title="Participatory budgeting in Wigan")
    by_reply = thread_factory(title="Evaluation ideas")
    post_factory(thread=by_reply, body="We used participatory budgeting with young carers")
    thread_factory(title="Unrelated", body="nothing to see")
    page = client.get(reverse("cop:search"), {"q": "participatory budgeting"}).content.decode()
    assert "Participatory budgeting in Wigan" in page
    assert "Evaluation ideas" in page
    assert "Unrelated" not in page


def test_search_hides_unpublished_and_members_only(
    client, member, thread_factory, category_factory
):
    thread_factory(title="Quarantined casino offer", status=PostStatus.QUARANTINED)
    private = category_factory(members_only=True)
    thread_factory(title="Coordinators budget casino", category=private)
    page = client.get(reverse("cop:search"), {"q": "casino"}).content.decode()
    assert "0 results" in page
    client.login(username=member.username, password=PASSWORD)
    page = client.get(reverse("cop:search"), {"q": "casino"}).content.decode()
    assert "Coordinators budget casino" in page and "Quarantined" not in page


def test_members_only_category_is_hidden_from_visitors(client, member, category_factory,
                                                      thread_factory):
    private = category_factory(name="Network coordinators", members_only=True)
    thread = thread_factory(category=private, title="Costs")
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Network coordinators" not in client.get(reverse("cop:index")).content.decode()
    client.login(username=member.username, password=PASSWORD)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_feeds_list_new_public_threads(client, category, thread_factory, post_factory):
    thread_factory(category=category, title="Film screening", body="Come along #StoryArchive")
    thread_factory(category=category, title="Held one", status=PostStatus.HELD)
    for url in (reverse("cop:feed"), reverse("cop:category_feed", args=[category.slug])):
        response = client.get(url)
        body = response.content.decode()
        assert response["Content-Type"].startswith("application/atom+xml")
        assert "Film screening" in body and "Held one" not in body


def test_a_feed_is_sent_in_one_piece_made_and_kept(client, category, thread_factory):
    """The server writes each piece of a response on its own: a feed of many elements written
    piece by piece took most of its time in writes."""
    for i in range(3):
        thread_factory(category=category, title=f"Film screening {i}", body="Come along.")
    for _ in range(2):  # made, then from the cache
        response = client.get(reverse("cop:feed"))
        pieces = list(response)
        assert len(pieces) == 1
        assert pieces[0].count(b"<entry>") == 3 and pieces[0].endswith(b"</feed>")


def test_tag_feed_and_tag_page(client, member, category, django_capture_on_commit_callbacks):
    from cop import services

    with django_capture_on_commit_callbacks(execute=True):
        services.start_thread(author=member, category=category, title="Story archive",
                              body="Our films #StoryArchive")
    assert "Story archive" in client.get(reverse("cop:tag", args=["storyarchive"])).content.decode()
    assert "Story archive" in client.get(
        reverse("cop:tag_feed", args=["storyarchive"])).content.decode()
    assert client.get(reverse("cop:tag", args=["nosuchtag"])).status_code == 404
