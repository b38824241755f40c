"""Posts keep their rendered HTML: written with the post, equal to a fresh rendering, and
rendered again when the renderer changes."""

from django.core.management import call_command

from cop import markup, services
from cop.models import Post
from tests.conftest import PASSWORD

BODY = "**Paid** peer research, see <https://example.org/pay> and #CoProduceGM, thanks @jo"


def test_new_and_edited_posts_store_the_sanitisers_html(
    member, other_member, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.start_thread(author=member, category=category, title="Paying people",
                                       body=BODY)
    post = Post.objects.get(thread=thread)
    assert post.body_html == str(markup.render_markdown(BODY))
    assert post.body_html_version == markup.renderer_version()
    assert "<strong>Paid</strong>" in post.body_html

    edited = "Now with a list:\n\n- one\n- two"
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(post=post, editor=member, body=edited)
    post.refresh_from_db()
    assert post.body_html == str(markup.render_markdown(edited))
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.reply(author=other_member, thread=thread, body="Same *here*")
    answer.refresh_from_db()
    assert answer.body_html == str(markup.render_markdown("Same *here*"))


def test_stored_html_keeps_no_unsafe_markup(member, category, django_capture_on_commit_callbacks):
    body = "<script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>"
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.start_thread(author=member, category=category, title="Odd", body=body)
    html = Post.objects.get(thread=thread).body_html
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html and "&lt;script&gt;" in html


def test_thread_page_renders_stale_html_again_and_stores_it(
    client, member, thread_factory, monkeypatch
):
    thread = thread_factory(body="Our *first* meeting")
    post = thread.posts.get()
    services.refresh_post_html(posts=[post])
    old_version = Post.objects.get(pk=post.pk).body_html_version
    # A change to the renderer (here its revision number) makes every stored rendering stale.
    monkeypatch.setattr(markup, "RENDERER_REVISION", markup.RENDERER_REVISION + 1)
    markup.renderer_version.cache_clear()
    try:
        assert markup.renderer_version() != old_version
        Post.objects.filter(pk=post.pk).update(body_html="<p>an old rendering</p>")
        page = client.get(thread.get_absolute_url()).content.decode()
        assert "<em>first</em>" in page and "an old rendering" not in page
        post.refresh_from_db()
        assert post.body_html_version == markup.renderer_version()
        assert post.body_html == str(markup.render_markdown("Our *first* meeting"))
    finally:
        monkeypatch.undo()
        markup.renderer_version.cache_clear()


def test_renderer_version_follows_the_allow_list(monkeypatch):
    before = markup.renderer_version()
    monkeypatch.setattr(markup, "ALLOWED_TAGS", markup.ALLOWED_TAGS - {"table"})
    markup.renderer_version.cache_clear()
    try:
        assert markup.renderer_version() != before
    finally:
        monkeypatch.undo()
        markup.renderer_version.cache_clear()
    assert markup.renderer_version() == before


def test_rerender_posts_renders_stale_posts_again(thread_factory, post_factory, capsys):
    thread = thread_factory(body="First *post*")
    post_factory(thread=thread, body="A **reply**")
    Post.objects.filter(thread=thread).update(body_html="<p>stale</p>", body_html_version="old")
    call_command("rerender_posts", dry_run=True)
    assert "2 posts would be rendered again" in capsys.readouterr().out
    assert Post.objects.filter(body_html_version="old").count() == 2
    call_command("rerender_posts")
    assert "Rendered 2 posts again" in capsys.readouterr().out.splitlines()[-1]
    for post in Post.objects.filter(thread=thread):
        assert post.body_html == str(markup.render_markdown(post.body))
        assert post.body_html_version == markup.renderer_version()
    call_command("rerender_posts")
    assert "Rendered 0 posts again" in capsys.readouterr().out


def test_feed_text_from_stored_html_matches_the_markdown_text():
    for body in (BODY, "A & B < C", "# Heading\n\n> quoted *words*\n\n1. one\n2. two"):
        html, _ = markup.render_post_html(body)
        assert markup.plain_from_html(html) == markup.render_plain(body)


def test_member_sees_stored_html_on_the_thread_page(client, member, thread_factory):
    thread = thread_factory(body="We met on **Tuesday**")
    client.login(username=member.username, password=PASSWORD)
    assert "<strong>Tuesday</strong>" in client.get(thread.get_absolute_url()).content.decode()
