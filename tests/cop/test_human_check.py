"""The time trap and honeypot on writing and sign-up forms: stamps tied to the session and the
form, used once, never handed back already old enough; a honeypot that looks like a field."""

import re

from django.urls import reverse

from tests.conftest import PersonClient, person_stamp

BODY = "Our tenants panel meets on Thursday; all welcome."


def _stamp_in(response) -> str:
    return re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)


def _reply_url(thread_factory) -> str:
    return reverse("cop:reply", args=[thread_factory().pk])


def test_human_check_refuses_a_stamp_sent_twice(client, member, thread_factory):
    client.force_login(member)
    url = _reply_url(thread_factory)
    stamp = person_stamp(client)
    assert client.post(url, {"body": BODY, "started": stamp}).status_code == 302
    again = client.post(url, {"body": BODY + " (again)", "started": stamp})
    assert again.status_code == 400
    page = again.content.decode()
    assert "This form was sent already" in page
    assert "(again)" in page  # what the member wrote comes back
    assert _stamp_in(again) != stamp


def test_human_check_too_quick_hands_back_a_fresh_stamp_not_an_old_one(
    client, member, thread_factory, settings
):
    settings.FORUM_MIN_SUBMIT_SECONDS = 60
    client.force_login(member)
    url = _reply_url(thread_factory)
    quick = client.post(url, {"body": BODY, "started": person_stamp(client, seconds_ago=1)})
    assert quick.status_code == 400
    assert "wait a few seconds and send it again" in quick.content.decode()
    assert BODY.split(";")[0] in quick.content.decode()
    at_once = client.post(url, {"body": BODY, "started": _stamp_in(quick)})
    assert at_once.status_code == 400  # the handed-back stamp starts now, so must age again
    assert "That was very quick" in at_once.content.decode()


def test_human_check_stamp_works_only_in_its_own_session_and_form(
    client, member, other_member, thread_factory
):
    client.force_login(member)
    url = _reply_url(thread_factory)
    elsewhere = PersonClient()
    elsewhere.force_login(other_member)
    borrowed = client.post(url, {"body": BODY, "started": person_stamp(elsewhere)})
    assert borrowed.status_code == 400
    assert "came from another page" in borrowed.content.decode()
    from_signup = client.post(url, {"body": BODY,
                                    "started": person_stamp(client, form="signup")})
    assert from_signup.status_code == 400
    assert client.post(url, {"body": BODY}).status_code == 302


def test_human_check_a_stamp_from_the_page_works_once_after_waiting(
    client, member, thread_factory, settings
):
    client.force_login(member)
    thread = thread_factory()
    page = client.get(thread.get_absolute_url())
    stamp = _stamp_in(page)
    url = reverse("cop:reply", args=[thread.pk])
    assert client.post(url, {"body": BODY, "started": stamp}).status_code == 302
    assert client.post(url, {"body": BODY + " 2", "started": stamp}).status_code == 400


def test_human_check_honeypot_looks_like_a_field_to_scripts_and_is_hidden_from_people(
    client, member, thread_factory
):
    client.force_login(member)
    url = _reply_url(thread_factory)
    html = client.get(url).content.decode()
    wrapper = re.search(r'<div class="field field-extra" aria-hidden="true">(.*?)</div>', html,
                        re.S)
    assert wrapper is not None
    field = wrapper.group(1)
    assert ">Your website</label>" in field
    assert 'type="url"' in field and 'name="homepage"' in field
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    caught = client.post(url, {"body": BODY, "homepage": "https://cheap-seo.example"})
    assert caught.status_code == 400
    page = caught.content.decode()
    assert "should stay empty" in page and BODY.split(";")[0] in page
    assert "cheap-seo.example" not in page  # a person refused by mistake can send it again
