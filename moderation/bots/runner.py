"""Bots that sign up and post through the forum's real pages with Django's test client, as a
patient spammer would: they read each form, send back its hidden fields, leave every field a
person cannot see empty, and post only what a form accepts. Used by the patient-spammer tests
and the spam_bots benchmark."""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core import mail
from django.test import Client
from django.urls import reverse

from cop.enums import EditStatus, PostStatus
from cop.models import Post, PostEdit

PASSWORD = "a-patient-bot-password-93"
_accounts = itertools.count(1)


class _Forms(HTMLParser):
    """The page's forms: for each, its field names and the hidden fields' values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"names": set(), "hidden": {}})
        elif self.forms and tag in {"input", "textarea", "select"} and attrs.get("name"):
            self.forms[-1]["names"].add(attrs["name"])
            if tag == "input" and attrs.get("type") == "hidden":
                self.forms[-1]["hidden"][attrs["name"]] = attrs.get("value") or ""


def _hidden_fields(html: str, needs: str) -> dict[str, str]:
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if needs in form["names"]:
            return dict(form["hidden"])
    return {}


@dataclass
class Attempt:
    """One thing a bot tried to post: refused by a form, or saved (post or edit)."""

    kind: str
    text: str
    status_code: int
    post_id: int | None = None
    edit_id: int | None = None


@dataclass
class Bot:
    client: Client
    username: str
    attempts: list[Attempt] = field(default_factory=list)

    def _send(self, url: str, data: dict, needs: str = "body"):
        page = self.client.get(url)
        if page.status_code != 200:
            return page
        return self.client.post(url, {**_hidden_fields(page.content.decode(), needs), **data})

    def start_thread(self, *, category, title: str, body: str, kind: str) -> Attempt:
        before = set(Post.objects.filter(author__username=self.username)
                     .values_list("pk", flat=True))
        response = self._send(reverse("cop:new_thread_in", args=[category.slug]),
                              {"category": category.pk, "title": title, "body": body})
        return self._record(kind, f"{title}\n{body}", response, before)

    def reply(self, *, thread, body: str, kind: str) -> Attempt:
        before = set(Post.objects.filter(author__username=self.username)
                     .values_list("pk", flat=True))
        response = self._send(reverse("cop:reply", args=[thread.pk]), {"body": body})
        return self._record(kind, body, response, before)

    def edit(self, *, post_id: int, body: str, kind: str) -> Attempt:
        post = Post.objects.select_related("thread").get(pk=post_id)
        data = {"body": body}
        if post.is_opening:
            data["title"] = post.thread.title
        response = self._send(reverse("cop:edit_post", args=[post_id]), data)
        edit = PostEdit.objects.filter(post_id=post_id, body=body.strip()).order_by("-pk").first()
        attempt = Attempt(kind=kind, text=body, status_code=response.status_code,
                          post_id=post_id, edit_id=edit.pk if edit else None)
        self.attempts.append(attempt)
        return attempt

    def _record(self, kind, text, response, before) -> Attempt:
        new = (Post.objects.filter(author__username=self.username).exclude(pk__in=before)
               .order_by("-pk").values_list("pk", flat=True).first())
        attempt = Attempt(kind=kind, text=text, status_code=response.status_code, post_id=new)
        self.attempts.append(attempt)
        return attempt


def sign_up(*, prefix: str = "bot") -> Bot:
    """A new account through the sign-up form and the link in the verification email."""
    n = next(_accounts)
    username = f"{prefix}{n}{uuid.uuid4().hex[:6]}"
    client = Client()
    sent = len(mail.outbox)
    response = client.get(reverse("account_signup"))
    hidden = _hidden_fields(response.content.decode(), "username")
    response = client.post(reverse("account_signup"), {
        **hidden, "email": f"{username}@mailbox.example.com", "username": username,
        "password1": PASSWORD, "password2": PASSWORD,
    })
    if response.status_code != 302 or len(mail.outbox) <= sent:
        raise RuntimeError(f"sign-up refused for {username}: {response.status_code}")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.post("/" + path)
    if confirm.status_code != 302:
        raise RuntimeError(f"email confirmation failed for {username}")
    return Bot(client=client, username=username)


# --- what an anonymous visitor can see ---


def is_public(attempt: Attempt) -> bool:
    """Whether the attempt's text reached anonymous visitors: the post is published, or the
    edit became the post's text. Checked on the permalink, which anyone may open."""
    if attempt.post_id is None:
        return False
    if attempt.edit_id is not None:
        edit = PostEdit.objects.get(pk=attempt.edit_id)
        if edit.status != EditStatus.PUBLISHED:
            return False
    response = Client().get(reverse("cop:post", args=[attempt.post_id]))
    return response.status_code == 302


def outcome(attempt: Attempt) -> str:
    """refused (a form said no), public, held (waiting for a moderator) or other."""
    if attempt.post_id is None or (attempt.kind.startswith("edit") and attempt.edit_id is None):
        return "refused"
    if is_public(attempt):
        return "public"
    if attempt.edit_id is not None:
        status = PostEdit.objects.get(pk=attempt.edit_id).status
        return "held" if status in {EditStatus.HELD, EditStatus.QUARANTINED} else status
    status = Post.objects.get(pk=attempt.post_id).status
    return "held" if status in {PostStatus.HELD, PostStatus.QUARANTINED} else status
