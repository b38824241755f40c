"""Locust users for the load benchmark: readers, posting members and deciding moderators.

Members post through the real reply form, so the posting limits apply: a reply the limits
refuse (429, with its plain message) is what the site should do, and is counted on its own line
("refused by posting limits"), not as an error. Moderators open the review queue, read an item
and approve or reject it through the item's decision form.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from itertools import count

from locust import HttpUser, between, events, task

from cop.bench.posts import SPAM_MARKERS, reply_text

ACCOUNTS = json.loads(open(os.environ["COP_BENCH_ACCOUNTS"]).read())
_members = count()
_moderators = count()
_posts = count()
LIMIT_MESSAGES = ("Please wait", "New members can", "You posted exactly this")


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


class _Signed(HttpUser):
    abstract = True

    def sign_in(self, session: str) -> None:
        self.client.cookies.set("sessionid", session)


class Reader(HttpUser):
    weight = 6
    wait_time = between(1, 3)

    @task(4)
    def index(self):
        self.client.get("/forum/", name="forum index")

    @task(4)
    def thread(self):
        self.client.get(f"/forum/t/{random.choice(ACCOUNTS['threads'])}/", name="thread")

    @task(2)
    def category(self):
        self.client.get(f"/forum/c/{ACCOUNTS['category']}/", name="category")

    @task(1)
    def search(self):
        self.client.get("/forum/search/", params={"q": random.choice(["peer", "pay", "co-design"])},
                        name="search")


class Poster(_Signed):
    """An ordinary member: most write ordinary replies, some a plug for their own work, a few
    spam. Some members are new (trust level 0), the others have taken part for a while."""

    weight = 3
    wait_time = between(20, 40)

    def on_start(self):
        self.sign_in(ACCOUNTS["members"][next(_members) % len(ACCOUNTS["members"])])
        self.rng = random.Random()

    @task
    def reply(self):
        thread = random.choice(ACCOUNTS["threads"])
        page = self.client.get(f"/forum/t/{thread}/", name="thread (reply form)")
        time.sleep(4)  # a person writes; the form refuses instant submissions
        _kind, body = reply_text(self.rng, next(_posts))
        data = {"csrfmiddlewaretoken": _field(page.text, "csrfmiddlewaretoken"),
                "started": _field(page.text, "started"), "body": body}
        started = time.perf_counter()
        with self.client.post(f"/forum/t/{thread}/reply/", data, name="reply",
                              headers={"Referer": f"{self.host}/forum/t/{thread}/"},
                              catch_response=True) as response:
            if response.status_code == 429 and any(m in response.text for m in LIMIT_MESSAGES):
                response.success()  # a limit said no, plainly: the site works as it should
                events.request.fire(
                    request_type="LIMIT", name="refused by posting limits", context={},
                    response_time=(time.perf_counter() - started) * 1000, response_length=0,
                    exception=None, response=None)
            elif response.status_code != 200 or not response.history:
                response.failure(f"reply answered {response.status_code}")


class Moderator(_Signed):
    weight = 1
    wait_time = between(3, 6)

    def on_start(self):
        self.sign_in(ACCOUNTS["moderators"][next(_moderators) % len(ACCOUNTS["moderators"])])

    @task
    def decide(self):
        queue = self.client.get("/admin/moderation/", name="review queue")
        ids = sorted(set(re.findall(r"/admin/moderation/posts/(\d+)/", queue.text)))
        if not ids:
            return
        item = f"/admin/moderation/posts/{random.choice(ids)}/"
        page = self.client.get(item, name="review item")
        if f"{item}decide/" not in page.text:
            return  # another moderator decided it meanwhile
        time.sleep(1)  # reads the post and its reasons
        spam = any(marker.lower() in page.text.lower() for marker in SPAM_MARKERS)
        self.client.post(f"{item}decide/", {
            "csrfmiddlewaretoken": _field(page.text, "csrfmiddlewaretoken"),
            "next": "/admin/moderation/", "note": "Advert." if spam else "A member's own work.",
            "action": "reject" if spam else "approve",
        }, name="decide", headers={"Referer": self.host + item})
