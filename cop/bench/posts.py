"""What the load benchmark's members write: mostly ordinary replies, some borderline promotion
and some plain spam, so that the review queue fills and moderators have something to decide.

Every text is put together from parts, with a number in it, so no member repeats themself
(the posting limits refuse a repeat) and the spam check sees varied wording.
"""

from __future__ import annotations

import random

OPENINGS = [
    "In our group we", "Last spring our team", "At the carers' forum we", "Our steering group",
    "When we ran the youth panel we", "The tenants' network", "In the hospital project we",
    "Our co-design sessions", "The library working group", "At the community centre we",
]
DOINGS = [
    "agreed payment before the first session", "paid people on the day in cash or vouchers",
    "asked everyone how they wanted to be thanked", "wrote the role description together",
    "checked benefits rules with a welfare adviser first", "kept a small budget for travel",
    "offered childcare so parents could come", "shared the agenda a week ahead",
    "met in the evening so people at work could join", "rotated who chaired each meeting",
]
AFTERTHOUGHTS = [
    "and reviewed it after {n} weeks.", "which made a real difference by week {n}.",
    "though it took {n} meetings to get right.", "and {n} people said it helped them stay.",
    "and we would do it again next time.", "and wrote up what we learned in {n} pages.",
    "but next time we will start sooner.", "and the feedback after {n} sessions was warm.",
]

# Promotion that a moderator may well allow: a member's own course, survey or event.
BORDERLINE = [
    "I run a paid online course on co-production basics; the next cohort of {n} starts soon, "
    "details at https://learn-coproduction{n}.example.com if useful.",
    "My consultancy helps councils with engagement plans. Happy to share our free template, "
    "message me or see https://engage-partners{n}.example.net for rates.",
    "We are selling tickets for our co-design summit, early bird price ends in {n} days: "
    "https://summit-tickets{n}.example.org",
    "Shameless plug: my new book on participatory research is out, {n}% off this week at "
    "https://books-shop{n}.example.com",
]

# Plain spam, written here for the benchmark: money for nothing, contacts, pressure.
SPAM = [
    "EARN £{n}00 A DAY from home!!! No experience needed, guaranteed income, WhatsApp me now "
    "on +44 7700 900{n:03d} to start today, limited places!!!",
    "Cheap followers and five star reviews, {n}000 for only $9.99, buy now at "
    "https://best-cheap-followers{n}.example.biz and get rich fast",
    "Crypto investment doubles your money in {n} days, 100% guaranteed profit, send bitcoin to "
    "our agent, contact fastprofit{n}@example.biz today",
    "Urgent: claim your free prize of £{n}000, click https://prize-claim{n}.example.info and "
    "enter your bank details to receive the cash immediately",
]


def reply_text(rng: random.Random, n: int) -> tuple[str, str]:
    """(kind, text): 'ordinary' most of the time, else 'borderline' or 'spam'."""
    roll = rng.random()
    if roll < 0.12:
        return "spam", rng.choice(SPAM).format(n=n % 1000)
    if roll < 0.24:
        return "borderline", rng.choice(BORDERLINE).format(n=n % 1000)
    return "ordinary", (f"{rng.choice(OPENINGS)} {rng.choice(DOINGS)} "
                        f"{rng.choice(AFTERTHOUGHTS).format(n=n % 12 + 2)}")


# Words that tell a benchmark moderator a waiting post is spam rather than a member's plug.
SPAM_MARKERS = ["WhatsApp me now", "only $9.99", "100% guaranteed profit", "claim your free prize"]
