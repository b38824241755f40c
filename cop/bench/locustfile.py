"""Locust users for the load benchmark: readers, posting members and deciding moderators."""

from __future__ import annotations

import json
import os
import random
import re
import time
from itertools import count

from locust import HttpUser, between, task

ACCOUNTS = json.loads(open(os.environ["COP_BENCH_ACCOUNTS"]).read())
_members = count()
_moderators = count()
_posts = count()


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


class _Signed(HttpUser):
    abstract = True

    def sign_in(self, session: str) -> None:
        self.client.cookies.set("sessionid", session)

    def form_post(self, form_path: str, action: str, data: dict, name: str,
                  think: float = 0) -> None:
        page = self.client.get(form_path, name=f"{name} (form)")
        time.sleep(think)  # a person reads and writes; the form refuses instant submissions
        data = {"csrfmiddlewaretoken": _field(page.text, "csrfmiddlewaretoken"),
                "started": _field(page.text, "started"), **data}
        self.client.post(action, data, name=name, headers={"Referer": self.host + form_path})


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
    weight = 3
    wait_time = between(15, 30)  # members' posting limits allow a post every so often

    def on_start(self):
        self.sign_in(ACCOUNTS["members"][next(_members) % len(ACCOUNTS["members"])])

    @task
    def reply(self):
        thread = random.choice(ACCOUNTS["threads"])
        n = next(_posts)
        self.form_post(f"/forum/t/{thread}/", f"/forum/t/{thread}/reply/",
                       {"body": f"Reply {n}: in our group we agreed payment before the first "
                                f"session and reviewed it after {n % 9 + 2} weeks."},
                       name="reply", think=4)


class Moderator(_Signed):
    weight = 1
    wait_time = between(3, 6)

    def on_start(self):
        self.sign_in(ACCOUNTS["moderators"][next(_moderators) % len(ACCOUNTS["moderators"])])

    @task
    def decide(self):
        queue = self.client.get("/admin/moderation/", name="review queue")
        ids = re.findall(r"/admin/moderation/posts/(\d+)/", queue.text)
        if ids:
            item = f"/admin/moderation/posts/{random.choice(ids)}/"
            self.form_post(item, f"{item}decide/", {"action": "approve", "note": "Fine."},
                           name="decide", think=1)
