"""A post's author, time, text and files are made once and kept while nothing public changes;
every change a reader could see shows on the next view, and posts only their author (or a
moderator) sees are never kept."""

from cop import services
from cop.enums import PostStatus
from tests.conftest import PASSWORD

PARTS = "includes/post_parts.html"


def _made(response) -> int:
    """How many parts the page made afresh (each post has four)."""
    return sum(1 for template in response.templates if template.name == PARTS)


def test_a_second_view_takes_public_posts_parts_from_the_cache_and_reads_the_same(
    client, thread_factory, post_factory
):
    thread = thread_factory(body="Our **first** meeting is on Thursday.")
    for n in range(3):
        post_factory(thread=thread, body=f"Reply number {n}, with a [link](https://example.org).")
    first = client.get(thread.get_absolute_url())
    assert _made(first) == 4 * 4
    second = client.get(thread.get_absolute_url())
    assert _made(second) == 0
    assert second.content == first.content
    assert "<strong>first</strong>" in second.content.decode()


def test_a_new_name_an_edit_and_a_new_reply_show_on_the_next_view(
    client, member, thread_factory, post_factory, django_capture_on_commit_callbacks
):
    thread = thread_factory(author=member, body="What we paid our peer researchers.")
    post_factory(thread=thread, body="Thank you, this helps.")
    assert "Sam Patel" in client.get(thread.get_absolute_url()).content.decode()

    member.display_name = "Samira Patel"
    with django_capture_on_commit_callbacks(execute=True):
        member.save(update_fields=["display_name"])
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Samira Patel" in page

    opening = thread.posts.get(is_opening=True)
    opening.body = "What we paid our peer researchers, and how often."
    opening.body_html = ""
    with django_capture_on_commit_callbacks(execute=True):
        opening.save(update_fields=["body", "body_html"])
    assert "and how often" in client.get(thread.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        post_factory(thread=thread, body="We paid monthly, in vouchers.")
    assert "in vouchers" in client.get(thread.get_absolute_url()).content.decode()


def test_an_authors_waiting_post_is_never_kept(
    client, member, thread_factory, django_capture_on_commit_callbacks, settings
):
    settings.FORUM_POSTING_CHECKS = []
    thread = thread_factory(body="Planning the spring workshop.")
    client.login(username=member.username, password=PASSWORD)
    mine = thread.posts.create(author=member, body="I can bring the flip charts.",
                               status=PostStatus.PENDING)
    assert "flip charts" in client.get(thread.get_absolute_url()).content.decode()
    # Changed in place while it waits: no public change, so nothing cached would notice.
    services.edit_post(post=mine, editor=member, body="I can bring the flip charts and pens.")
    response = client.get(thread.get_absolute_url())
    assert "flip charts and pens" in response.content.decode()
    assert _made(response) == 4  # the waiting post's parts; the opening post's were kept
