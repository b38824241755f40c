"""Reactions: one click to say thanks, helpful or "me too", with counts and names."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from cop.enums import PostStatus, ReactionKind
from cop.models import Reaction
from tests.conftest import PASSWORD


@pytest.fixture
def signed_in(client, member):
    client.login(username=member.username, password=PASSWORD)
    return client


def test_member_thanks_a_post_and_everyone_sees_who(
    signed_in, client, member, other_member, thread_factory
):
    thread = thread_factory(author=other_member, body="Our toolkit for paying peer researchers.")
    post = thread.posts.get()
    response = signed_in.post(reverse("cop:react", args=[post.pk]), {"kind": "thanks"})
    assert response.status_code == 302
    page = signed_in.get(thread.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page
    assert "Thanks from Sam Patel (1 person)" in page


def test_second_click_takes_the_reaction_back(signed_in, member, thread_factory):
    post = thread_factory().posts.get()
    url = reverse("cop:react", args=[post.pk])
    signed_in.post(url, {"kind": "me_too"})
    assert Reaction.objects.filter(user=member, post=post, kind=ReactionKind.ME_TOO).exists()
    signed_in.post(url, {"kind": "me_too"})
    assert not Reaction.objects.filter(post=post).exists()


def test_each_kind_counts_on_its_own(signed_in, client, member_factory, thread_factory):
    post = thread_factory().posts.get()
    url = reverse("cop:react", args=[post.pk])
    signed_in.post(url, {"kind": "thanks"})
    signed_in.post(url, {"kind": "helpful"})
    assert sorted(Reaction.objects.values_list("kind", flat=True)) == ["helpful", "thanks"]


def test_unknown_reaction_is_refused_with_a_message(signed_in, thread_factory):
    post = thread_factory().posts.get()
    response = signed_in.post(reverse("cop:react", args=[post.pk]), {"kind": "angry"})
    assert response.status_code == 400
    assert "Please choose one of the reactions shown" in response.content.decode()
    assert not Reaction.objects.exists()


def test_reaction_on_a_post_the_member_cannot_see_is_404(
    signed_in, thread_factory, post_factory
):
    thread = thread_factory()
    held = post_factory(thread=thread, status=PostStatus.HELD)
    response = signed_in.post(reverse("cop:react", args=[held.pk]), {"kind": "thanks"})
    assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_reaction_on_a_members_only_post_needs_an_account(
    client, category_factory, thread_factory
):
    thread = thread_factory(category=category_factory(members_only=True))
    response = client.post(reverse("cop:react", args=[thread.posts.get().pk]),
                           {"kind": "thanks"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Reaction.objects.exists()


def test_reacting_to_your_own_post_is_refused(signed_in, member, thread_factory):
    post = thread_factory(author=member).posts.get()
    response = signed_in.post(reverse("cop:react", args=[post.pk]), {"kind": "thanks"})
    assert response.status_code == 403
    assert not Reaction.objects.exists()


def test_visitors_see_counts_but_no_buttons(client, member, thread_factory):
    post = thread_factory().posts.get()
    Reaction.objects.create(user=member, post=post, kind=ReactionKind.HELPFUL)
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert "Helpful from Sam Patel (1 person)" in page
    assert reverse("cop:react", args=[post.pk]) not in page


def test_database_keeps_one_reaction_per_member_post_and_kind(member, thread_factory):
    post = thread_factory().posts.get()
    Reaction.objects.create(user=member, post=post, kind=ReactionKind.THANKS)
    with pytest.raises(IntegrityError):
        Reaction.objects.create(user=member, post=post, kind=ReactionKind.THANKS)


def test_the_page_script_gets_counts_and_names_back_as_json(
    signed_in, other_member, thread_factory
):
    post = thread_factory(author=other_member).posts.get()
    response = signed_in.post(reverse("cop:react", args=[post.pk]), {"kind": "helpful"},
                              HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    answer = response.json()
    assert answer["message"] == "You reacted: Helpful."
    helpful = next(r for r in answer["reactions"] if r["kind"] == "helpful")
    assert helpful == {"kind": "helpful", "count": 1, "mine": True,
                       "sentence": "Helpful from Sam Patel (1 person)"}
    refused = signed_in.post(reverse("cop:react", args=[post.pk]), {"kind": "wow"},
                             HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and "Please choose" in refused.json()["message"]
