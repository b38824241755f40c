"""A resource's discussion: opened on first publish, shown under the page, linked both ways."""

from cop.enums import PostStatus
from cop.models import Category, Thread
from tests.conftest import PASSWORD


def test_first_publish_opens_a_tagged_discussion_by_the_owner(resource_factory, tag_factory,
                                                             editor):
    tags = [tag_factory("PeerResearch"), tag_factory("Toolkit")]
    page = resource_factory(title="Paying peer researchers", tags=tags)

    thread = page.discussion_thread
    assert thread is not None
    assert thread.title == "Paying peer researchers"
    assert thread.author == editor
    assert thread.status == PostStatus.PUBLISHED
    assert thread.category == Category.objects.get(slug="resources")
    assert {t.slug for t in thread.tags.all()} == {"peerresearch", "toolkit"}
    opening = thread.posts.get()
    assert opening.is_opening and opening.status == PostStatus.PUBLISHED
    assert f"]({page.url})" in opening.body


def test_publishing_again_keeps_the_same_discussion(resource_factory, editor):
    page = resource_factory(title="Community reporting guide")
    thread = page.discussion_thread

    # Going back to the first revision, saved before the thread existed, and publishing it
    # must neither forget the thread nor open a second one.
    first = page.revisions.order_by("created_at", "pk").first()
    restored = first.as_object()
    restored.summary = "A better summary after feedback from the network."
    restored.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    page.refresh_from_db()

    assert page.discussion_thread == thread
    assert Thread.objects.count() == 1


def test_a_draft_has_no_discussion_yet(client, resource_factory, editor):
    page = resource_factory(title="Unfinished template", publish=False)
    assert page.discussion_thread is None
    assert not Thread.objects.exists()
    client.login(username=editor.username, password=PASSWORD)
    assert client.get(page.url).status_code == 404


def test_resource_page_shows_latest_replies_and_a_reply_link(client, resource_factory,
                                                           post_factory, member):
    page = resource_factory(title="Evaluation indicators we made with parents")
    thread = page.discussion_thread
    for i in range(7):
        post_factory(thread=thread, author=member, body=f"Reply number {i}")
    post_factory(thread=thread, author=member, body="Waiting reply", status=PostStatus.HELD)

    html = client.get(page.url).content.decode()
    assert "7 replies so far; here are the latest." in html
    assert "Reply number 1" not in html
    for i in range(2, 7):
        assert f"Reply number {i}" in html
    assert "Waiting reply" not in html
    assert f'href="/forum/t/{thread.pk}/reply/"' in html
    assert f'href="{thread.get_absolute_url()}"' in html


def test_resource_page_lists_related_discussions(client, resource_factory, tag_factory,
                                                 thread_factory):
    from cop.publishing import attach_hashtags

    tag = tag_factory("LivedExperience")
    page = resource_factory(title="Lived experience leadership", tags=[tag])
    related = thread_factory(title="Who gets paid for lived experience?")
    attach_hashtags(related, "#LivedExperience")
    thread_factory(title="Unrelated chat")

    html = client.get(page.url).content.decode()
    assert "Related discussions" in html
    assert "Who gets paid for lived experience?" in html
    assert "Unrelated chat" not in html


def test_thread_page_links_back_to_its_resource(client, resource_factory):
    page = resource_factory(title="Story archive how-to")
    html = client.get(page.discussion_thread.get_absolute_url()).content.decode()
    assert f'This discussion is about the toolkit <a href="{page.url}">' in html
