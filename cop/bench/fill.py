"""Fill a database with a large, realistic forum through the product's models, in bulk."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from cop.enums import NotificationKind, PostStatus
from cop.models import Category, Notification, Post, Tag, Thread, ThreadTag, User

BENCH_PREFIX = "bench"
MEMBER_PASSWORD = "bench-member-password"
DEFAULT_POSTS = 100_000
BATCH = 5_000
# A word in most posts and one in a handful, for the two search pages.
COMMON_WORD = "people"
RARE_WORD = "kaleidoscope"

CATEGORY_NAMES = [
    "Methods and practice", "Events and meet-ups", "Research and evaluation",
    "Funding and paying people fairly", "Stories and reflection",
]
TAG_NAMES = [
    "CoProduceGM", "PeerResearch", "CommunityReporting", "LivedExperience", "NHS", "Councils",
    "YouthVoice", "CareLeavers", "LongCovid", "Homelessness", "Evaluation", "Toolkits",
    "CoProductionWeek", "ParticipatoryBudgeting", "CitizensAssembly", "Surveys", "FocusGroups",
    "Power", "Trust", "Inclusion", "Accessibility", "Payments", "Grants", "Training", "Films",
    "Storytelling", "Festivals", "Workshops", "Schools", "Universities", "VCSE", "FaithGroups",
    "Disability", "MentalHealth", "Carers", "Parents", "Housing", "Transport", "Libraries",
    "Commissioning",
]
OPENERS = [
    "We tried this with a group of {n} {who} last spring.",
    "Has anyone paid {who} for their time on a project like this?",
    "Our steering group has {n} {who} and two officers.",
    "Here is what worked for us when we ran {what}.",
    "I would love to hear how other teams handle {what}.",
    "A quick update from the {what} we started in the autumn.",
    "Thank you for sharing this, it helped our team a lot.",
    "We are planning {what} and want to get it right from the start.",
]
MIDDLES = [
    "The people with lived experience set the questions, and we changed the plan twice.",
    "It took longer than the funder expected, but the trust it built was worth it.",
    "We paid people on the day, in cash or vouchers, whichever they preferred.",
    "Some people could not make evening sessions, so we ran a second one at lunchtime.",
    "The hardest part was being honest about which decisions were already made.",
    "People told us the forms were too long, so we cut them to one page.",
    "We recorded short stories on phones and people chose which ones to share.",
    "Our evaluation used indicators that parents and young people wrote with us.",
    "We kept a shared notes document so people who missed a session could catch up.",
    "Budgets were the sticking point: people wanted to see the real numbers.",
]
CLOSERS = [
    "Happy to share our **template** if it helps.",
    "More details on [our project page](https://example.org/projects/{n}).",
    "Does anyone have a better way to do this?",
    "We will report back after the next session.",
    "- what went well\n- what we would change\n- what we still do not know",
    "Thanks to everyone who came along, people made it a really good day.",
]
WHO = ["peer researchers", "young carers", "parents", "care leavers", "volunteers", "residents"]
WHAT = ["a community reporting day", "a citizens' assembly", "a co-designed survey",
        "a participatory budgeting round", "a set of focus groups", "a story archive"]


@dataclass(frozen=True)
class FillPlan:
    """The shape of the data: how many of everything, worked out from the number of posts."""

    posts: int
    members: int
    threads: int
    long_thread_posts: int
    notifications: int

    @classmethod
    def for_posts(cls, posts: int) -> FillPlan:
        threads = max(2, posts // 50)
        return cls(
            posts=posts, members=200, threads=threads,
            long_thread_posts=max(1, min(2_500, posts // 40)),
            notifications=min(2_000, posts // 10),
        )


def bench_categories():
    return Category.objects.filter(slug__startswith=f"{BENCH_PREFIX}-")


def bench_members():
    return User.objects.filter(username__startswith=f"{BENCH_PREFIX}_")


def filled_posts() -> int:
    return Post.objects.filter(thread__category__in=bench_categories()).count()


def thread_sizes(plan: FillPlan, rng: random.Random) -> list[int]:
    """Posts per thread: the first is the long thread, the others 5 to 93 posts, adding up to
    exactly `plan.posts`."""
    others = plan.threads - 1
    remaining = plan.posts - plan.long_thread_posts
    lo, hi = (5, 93) if others * 5 <= remaining <= others * 93 else (1, remaining)
    sizes = [rng.randint(lo, min(hi, 93)) for _ in range(others)]
    diff = remaining - sum(sizes)
    while diff:
        # Nudge random threads, within bounds, until the total is exact.
        i = rng.randrange(others)
        step = 1 if diff > 0 else -1
        if lo <= sizes[i] + step <= hi:
            sizes[i] += step
            diff -= step
    return [plan.long_thread_posts, *sizes]


def _body(rng: random.Random, tags: list[Tag]) -> str:
    paragraphs = [
        rng.choice(OPENERS).format(n=rng.randint(3, 40), who=rng.choice(WHO),
                                   what=rng.choice(WHAT)),
        " ".join(rng.sample(MIDDLES, rng.randint(1, 3))),
    ]
    if rng.random() < 0.5:
        paragraphs.append(rng.choice(CLOSERS).format(n=rng.randint(1, 500)))
    if tags and rng.random() < 0.3:
        paragraphs.append(" ".join(f"#{t.name}" for t in tags))
    return "\n\n".join(paragraphs)


def _body_pool(rng: random.Random, tag_sets: list[list[Tag]], size: int) -> list[str]:
    """Distinct post texts to draw from; a pool keeps stored HTML quick to render in bulk."""
    pool = [_body(rng, rng.choice(tag_sets)) for _ in range(size)]
    pool[0] += f"\n\nA {RARE_WORD} of views came out of it."
    return pool


def clear() -> None:
    """Remove what a previous fill made: bench categories, their threads and posts, bench members.
    Tags stay: resources may carry them too."""
    threads = Thread.objects.filter(category__in=bench_categories())
    Notification.objects.filter(thread__in=threads).delete()
    Post.objects.filter(thread__in=threads).update(quote_of=None)
    # Posts and thread tags go in one statement each: the collector would load every row first.
    post_ids = Post.objects.filter(thread__in=threads).values("pk")
    for model, field in _post_children():
        model.objects.filter(**{f"{field}__in": post_ids}).delete()
    ThreadTag.objects.filter(thread__in=threads)._raw_delete(ThreadTag.objects.db)
    Post.objects.filter(thread__in=threads)._raw_delete(Post.objects.db)
    threads.delete()
    bench_categories().delete()
    bench_members().delete()


def _post_children():
    """Models (in any app) that point at a post, emptied before the posts themselves."""
    return [
        (rel.related_model, rel.field.name) for rel in Post._meta.related_objects
        if rel.related_model is not Post and rel.on_delete.__name__ == "CASCADE"
    ]


def fill(*, posts: int = DEFAULT_POSTS, seed: int = 14,
         render: Callable[[str], dict] | None = None,
         progress: Callable[[str], None] = lambda message: None) -> FillPlan:
    """Write the forum. `render` gives extra Post fields for a body (stored HTML), if any."""
    plan = FillPlan.for_posts(posts)
    rng = random.Random(seed)
    now = timezone.now()
    start = now - timedelta(days=720)

    with transaction.atomic():
        password = make_password(MEMBER_PASSWORD)
        members = User.objects.bulk_create([
            User(username=f"{BENCH_PREFIX}_{i:03d}", email=f"{BENCH_PREFIX}_{i:03d}@example.org",
                 password=password, display_name=f"Member {i:03d}",
                 organisation=rng.choice(["", "", "Northside Council", "Peer Voices CIC"]),
                 date_joined=start)
            for i in range(plan.members)
        ])
        categories = Category.objects.bulk_create([
            Category(name=f"{name} (bench)", slug=f"{BENCH_PREFIX}-{i}", order=100 + i,
                     description=f"Conversations about {name.lower()}.")
            for i, name in enumerate(CATEGORY_NAMES)
        ])
        tags = [Tag.objects.get_or_create(slug=name.lower(), defaults={"name": name})[0]
                for name in TAG_NAMES]
        progress(f"{len(members)} members, {len(categories)} categories, {len(tags)} tags")

        sizes = thread_sizes(plan, rng)
        # Popular tags are popular: weight the draw so the cloud has a clear order.
        weights = [1 / (i + 1) for i in range(len(tags))]
        thread_tags = [
            list(dict.fromkeys(rng.choices(tags, weights=weights, k=rng.randint(1, 3))))
            for _ in sizes
        ]
        threads = []
        for i, size in enumerate(sizes):
            created = start + timedelta(seconds=rng.randint(0, 700 * 86400))
            opener = rng.choice(OPENERS).format(n=size, who=rng.choice(WHO), what=rng.choice(WHAT))
            threads.append(Thread(
                category=categories[i % len(categories)],
                title=f"Our long-running {RARE_WORD} of questions" if i == 0 else opener[:150],
                author=members[i % len(members)], status=PostStatus.PUBLISHED,
                created_at=created, last_activity_at=created,
            ))
        threads = Thread.objects.bulk_create(threads, batch_size=BATCH)
        ThreadTag.objects.bulk_create(
            [ThreadTag(thread=t, tag=tag)
             for t, ts in zip(threads, thread_tags, strict=True) for tag in ts],
            batch_size=BATCH,
        )
        progress(f"{len(threads)} threads")

        pool = _body_pool(rng, thread_tags, size=min(5_000, max(50, plan.posts // 20)))
        extra = {body: (render(body) if render else {}) for body in pool}
        written = 0
        batch: list[Post] = []
        last_activity: list[Thread] = []
        for thread, size in zip(threads, sizes, strict=True):
            # Threads end at different ages, so some are active this month and most are not.
            end = now - timedelta(days=rng.choice([0, 1, 3, 10, 40, 200]))
            span = max(60.0, (end - thread.created_at).total_seconds())
            step = span / size
            for n in range(size):
                body = rng.choice(pool)
                batch.append(Post(
                    thread=thread, author=members[(thread.pk + n * 7) % len(members)],
                    body=body, status=PostStatus.PUBLISHED, is_opening=(n == 0),
                    created_at=thread.created_at + timedelta(seconds=n * step),
                    screened_at=thread.created_at + timedelta(seconds=n * step),
                    **extra[body],
                ))
            thread.last_activity_at = thread.created_at + timedelta(seconds=(size - 1) * step)
            last_activity.append(thread)
            if len(batch) >= BATCH:
                Post.objects.bulk_create(batch, batch_size=BATCH)
                written += len(batch)
                batch = []
                progress(f"{written:,} / {plan.posts:,} posts")
        if batch:
            Post.objects.bulk_create(batch, batch_size=BATCH)
            written += len(batch)
            progress(f"{written:,} / {plan.posts:,} posts")
        Thread.objects.bulk_update(last_activity, ["last_activity_at"], batch_size=BATCH)

        recent = list(Post.objects.filter(thread__in=threads[:200], is_opening=False)
                      .order_by("-created_at").values_list("pk", "thread_id")[:plan.notifications])
        Notification.objects.bulk_create([
            Notification(recipient=members[i % 20], kind=NotificationKind.REPLY, thread_id=t,
                         post_id=p, message=f"Member replied in a thread you follow ({p})",
                         read_at=None if i % 3 else now)
            for i, (p, t) in enumerate(recent)
        ], batch_size=BATCH, ignore_conflicts=True)
        progress(f"{len(recent):,} notifications")
    return plan


def analyze() -> None:
    """Fresh planner statistics, since autovacuum may not have run after a bulk load."""
    if connection.vendor in {"postgresql", "sqlite"}:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
