"""Solved questions: the asker (or a moderator) marks one reply as the answer."""

import pytest
from django.urls import reverse

from cop.models import Thread
from tests.conftest import PASSWORD


@pytest.fixture
def question(member, category, thread_factory, post_factory, other_member):
    thread = thread_factory(category=category, author=member,
                            title="How do you pay peer researchers?")
    Thread.objects.filter(pk=thread.pk).update(is_question=True)
    thread.refresh_from_db()
    thread.reply = post_factory(thread=thread, author=other_member,
                                body="We use vouchers or bank transfer, whichever they prefer.")
    return thread


def test_asker_marks_the_answer_and_it_shows_at_the_top_and_in_lists(
    client, member, question, category
):
    client.login(username=member.username, password=PASSWORD)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Mark as the answer" in page
    response = client.post(reverse("cop:choose_answer", args=[question.reply.pk]))
    assert response.status_code == 302
    client.logout()
    page = client.get(question.get_absolute_url()).content.decode()
    assert page.index('id="answer-heading"') < page.index(f'id="post-{question.posts.first().pk}"')
    assert "Solved" in page and "vouchers or bank transfer" in page
    assert "Solved" in client.get(category.get_absolute_url()).content.decode()


def test_someone_else_cannot_choose_the_answer(client, other_member, question):
    client.login(username=other_member.username, password=PASSWORD)
    response = client.post(reverse("cop:choose_answer", args=[question.reply.pk]))
    assert response.status_code == 403
    assert "Only the person who asked" in response.content.decode()
    question.refresh_from_db()
    assert question.answer_id is None


def test_a_moderator_can_choose_and_clear_the_answer(client, moderator, question):
    client.login(username=moderator.username, password=PASSWORD)
    client.post(reverse("cop:choose_answer", args=[question.reply.pk]))
    question.refresh_from_db()
    assert question.answer_id == question.reply.pk
    client.post(reverse("cop:choose_answer", args=[question.reply.pk]), {"action": "clear"})
    question.refresh_from_db()
    assert question.answer_id is None


def test_a_thread_that_is_not_a_question_has_no_answer(
    client, member, thread_factory, post_factory
):
    thread = thread_factory(author=member)
    reply = post_factory(thread=thread)
    client.login(username=member.username, password=PASSWORD)
    response = client.post(reverse("cop:choose_answer", args=[reply.pk]))
    assert response.status_code == 400
    assert "started as a question" in response.content.decode()


def test_the_question_itself_cannot_be_its_answer(client, member, question):
    client.login(username=member.username, password=PASSWORD)
    response = client.post(reverse("cop:choose_answer", args=[question.posts.first().pk]))
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.answer_id is None


def test_starting_a_thread_as_a_question(client, member, category):
    client.login(username=member.username, password=PASSWORD)
    client.post(reverse("cop:new_thread"), {
        "category": category.pk, "title": "Who has run a citizens' assembly?",
        "body": "We are planning one for our council.", "is_question": "on",
    })
    assert Thread.objects.get(title="Who has run a citizens' assembly?").is_question
