"""Texts for the spam-bot benchmark and the patient-spammer tests: spam of six kinds and honest
practitioners' posts, each built from varied pieces so that no two read the same."""

from __future__ import annotations

import random

SPAM_KINDS = ("get_rich", "atm_card", "tech_support", "devotional", "channel", "course")

_OPENERS = ("Hello everyone", "Dear friends", "Good news to all", "Hi all", "Greetings",
            "Attention please", "To whom it may concern")


def _pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def spam_text(kind: str, rng: random.Random) -> tuple[str, str]:
    """A (title, body) of the given spam kind."""
    opener = rng.choice(_OPENERS)
    amount = rng.choice(("£2,500", "$4,000", "£900", "$12,000", "£7,300"))
    phone = f"+1 ({rng.randint(200, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}"
    handle = rng.choice(("wealthcoach", "cashmaster", "richlife", "moneyflow", "bigwins"))
    n = rng.randint(10, 99)
    if kind == "get_rich":
        title = _pick(rng, "Earn from home starting today", "How I quit my job in 3 weeks",
                      "Passive income that really works")
        body = (f"{opener}, I was broke and in debt until I found this system. Now I make "
                f"{amount} every week from my sofa without any experience. "
                f"{_pick(rng, 'Only a few places are left', 'Spaces close tonight')}"
                f", message {handle}{n}@gmail.com and ask for the starter pack. "
                f"{_pick(rng, 'Freedom is one click away!', 'Your new life starts now!')}")
    elif kind == "atm_card":
        title = _pick(rng, "My testimony about the blank card", "Thank you to the card team",
                      "Blank ATM card works worldwide")
        body = (f"{opener}. I want to testify about the programmed blank ATM card I bought. "
                f"It lets me withdraw {amount} a day from any cash machine and nobody can trace "
                f"it. Contact the hackers at {handle}.cards{n}@outlook.com or WhatsApp "
                f"{phone}. {_pick(rng, 'God bless them.', 'They are real and honest.')}")
    elif kind == "tech_support":
        title = _pick(rng, "Printer offline? Call now", "Account locked support number",
                      "24/7 antivirus helpline")
        body = (f"Is your {_pick(rng, 'printer', 'email account', 'antivirus', 'router')} not "
                f"working? Our certified experts fix it in minutes. Call the toll free helpline "
                f"{phone} any time, day or night. "
                f"{_pick(rng, 'Instant remote fix.', 'No fix no fee.')}")
    elif kind == "devotional":
        title = _pick(rng, "Daily blessing for you", "Powerful prayer that changed my life",
                      "Spiritual healing testimony")
        body = (f"{opener}, read this powerful prayer and receive your blessing today. "
                f"{_pick(rng, 'Miracles are waiting for you.', 'Healing came overnight.')}"
                f" Read more at https://blessings-daily{n}.example.com/prayer and "
                f"https://miracle-words{n}.example.net and share it with {rng.randint(7, 21)} "
                f"people for good luck.")
    elif kind == "channel":
        title = _pick(rng, "Subscribe to my channel", "New video every day",
                      "Please support my channel")
        about = _pick(rng, "crypto", "gaming", "pranks", "luxury cars")
        body = (f"{opener}! I make videos about {about}"
                f" and I need {rng.randint(1, 9)}k subscribers this month. Please subscribe, "
                f"like and turn on the bell, search {handle}{n} TV on YouTube. "
                f"{_pick(rng, 'Sub for sub!', 'I will subscribe back!')}")
    elif kind == "course":
        title = _pick(rng, "Certified diploma in 5 days", "Enrol now: fast-track certificate",
                      "Training course with guaranteed job")
        subject = _pick(rng, "project management", "forex trading", "digital marketing",
                        "data entry")
        body = (f"{opener}, enrol in our accredited {subject}"
                f" diploma and get certified in just {rng.randint(3, 9)} days. Guaranteed job "
                f"placement and a salary of {amount} a month. Limited seats, huge discount for "
                f"the first {rng.randint(5, 30)} students. Reply to this post to book your seat.")
    else:
        raise ValueError(f"unknown spam kind {kind!r}")
    return title, body


_TOPICS = ("peer research with care leavers", "our participatory budgeting pilot",
           "co-designing the Long Covid clinic survey", "community reporting in Salford",
           "paying lived-experience advisers fairly", "the youth panel's evaluation indicators")
_EVENTS = ("workshop", "online catch-up", "learning festival", "training day",
           "co-production network meeting")


def honest_text(rng: random.Random, n: int) -> tuple[str, str]:
    """A (title, body) of a newcomer practitioner's long, link-rich, on-topic post."""
    topic = rng.choice(_TOPICS)
    event = rng.choice(_EVENTS)
    sum_ = rng.choice(("£1,500", "£3,200", "£750", "£12,000", "£25"))
    place = rng.choice(("Bolton", "Salford", "Leeds", "Bristol", "Cardiff", "Newcastle"))
    org = rng.choice(("Northside Carers Network", "Open Doors Community Trust",
                      "Riverside Youth Voice", "Lived Experience Forum"))
    domain = rng.choice(("northsidecarers.org.uk", "opendoorstrust.org",
                         "riversideyouthvoice.org.uk", "lefnetwork.org"))
    title = f"{event.capitalize()} on {topic} in {place}"
    body = (
        f"Hello, I am new here. I coordinate {topic} at {org} and wanted to share what we "
        f"learned this year. We started with a small group of people with lived experience "
        f"who shaped the questions, chose the methods and decided how the money was spent. "
        f"The hardest part was being honest about who held power in the room, and making "
        f"sure people were paid for their time rather than thanked.\n\n"
        f"We are running a {event} in {place} on {rng.randint(2, 28)} "
        f"{rng.choice(('March', 'May', 'June', 'October'))} to share the findings. Tickets are "
        f"free, with travel and childcare costs covered; booking is at "
        f"https://{domain}/events and the full report is at https://{domain}/report-{n}.pdf. "
        f"We received a grant of {sum_} from the local community foundation, and we would "
        f"like to hear how other groups budget for peer researchers.\n\n"
        f"If you would like to take part or have questions, email me at "
        f"coordinator{n}@{domain} or ring the office on 0161 496 {rng.randint(1000, 9999)}."
    )
    return title, body


HARMLESS_REPLIES = (
    "Thank you for sharing this, it is really useful for our team.",
    "We tried something similar last year and the hardest part was keeping people involved "
    "between meetings. Regular short catch-ups helped.",
    "Great point about paying people fairly. Our group now budgets for it from the start.",
    "I agree, listening sessions made a big difference for us too.",
    "Looking forward to hearing how it goes, please post an update.",
    "This matches what our peer researchers told us about trust.",
)
