"""Posting limits read posts as the spam engine does: disguised links are counted and a
disguised repeat is still a repeat."""

import pytest

from cop.services import reply, start_thread
from moderation.screening.limits import PostingLimit

LIMITS = {
    "new_links_per_post": 2, "new_threads_first_day": 10, "new_replies_first_day": 10,
    "seconds_between_posts_new": 0, "seconds_between_posts": 0,
    "duplicate_window_seconds": 300,
}


@pytest.mark.parametrize(
    "title, body",
    [
        ("Deals at https://one.example", "and https://two.example, https://three.example"),
        ("Offers", "ｈｔｔｐｓ://one.example ｈｔｔｐｓ://one.example/b ｈｔｔｐｓ://one.example/c"),
        ("Guide", "Read [this][1], [that][2] and [more][3].\n\n[1]: http://a.example/x\n"
                  "[2]: http://a.example/y\n[3]: http://a.example/z"),
        ("Links", "https://a.example,https://b.example,https://c.example"),
    ],
)
def test_check_posting_counts_disguised_links_in_title_and_body(
    member_factory, category, settings, title, body
):
    settings.MODERATION_LIMITS = LIMITS
    with pytest.raises(PostingLimit, match="up to 2 links"):
        start_thread(author=member_factory(), category=category, title=title, body=body)


def test_check_posting_lets_a_new_member_post_two_links(member_factory, category, settings):
    settings.MODERATION_LIMITS = LIMITS
    thread = start_thread(author=member_factory(), category=category, title="Our report",
                          body="Summary https://ours.example/r and slides https://ours.example/s")
    assert thread.pk


@pytest.mark.parametrize(
    "again",
    [
        "Cheap watches for sale, message\u200b me",  # a zero-width space
        "Cheap watchеs for sale, message me",  # a Cyrillic "е"
        "CHEAP  watches for sale -- message me!",
    ],
)
def test_check_posting_refuses_a_disguised_repeat(member_factory, thread_factory, settings,
                                                  again):
    settings.MODERATION_LIMITS = LIMITS
    author, thread = member_factory(), thread_factory()
    reply(author=author, thread=thread, body="Cheap watches for sale, message me")
    with pytest.raises(PostingLimit, match="posted exactly this"):
        reply(author=author, thread=thread, body=again)


def test_check_posting_refuses_a_repeated_thread(member_factory, category, settings):
    settings.MODERATION_LIMITS = LIMITS
    author = member_factory()
    start_thread(author=author, category=category, title="Cheap watches", body="Message me")
    with pytest.raises(PostingLimit, match="posted exactly this"):
        start_thread(author=author, category=category, title="Cheap  watches\u200b",
                     body="Message me!")


def test_check_posting_allows_a_different_reply(member_factory, thread_factory, settings):
    settings.MODERATION_LIMITS = LIMITS
    author, thread = member_factory(), thread_factory()
    reply(author=author, thread=thread, body="Thanks, that helped")
    assert reply(author=author, thread=thread, body="Thanks, that helped a lot").pk
