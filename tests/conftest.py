"""Role and factory fixtures shared by every test."""

from __future__ import annotations

import importlib
import itertools
import time

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from cop.enums import PostStatus
from cop.forms import HUMAN_CHECK_SESSION_KEY, make_stamp
from cop.models import Category, Post, Thread, User
from moderation.permissions import MODERATORS_GROUP

_counter = itertools.count(1)
PASSWORD = "a-long-test-password-42"


def person_stamp(client: Client, *, seconds_ago: float = 30, form: str = "post") -> str:
    """The stamp a form carries when a person opened it `seconds_ago` in `client`'s session."""
    session = client.session
    secret = session.get(HUMAN_CHECK_SESSION_KEY)
    if not secret:
        secret = session[HUMAN_CHECK_SESSION_KEY] = f"test-{next(_counter)}"
        session.save()
    return make_stamp(secret=secret, form=form, started_at=time.time() - seconds_ago)


class PersonClient(Client):
    """A test client that, like a person's browser, sends back a fresh form stamp with each
    form it sends."""

    def post(self, path, data=None, *args, **kwargs):
        if isinstance(data, dict) and "started" not in data:
            form = "signup" if str(path).rstrip("/").endswith("/signup") else "post"
            data = {**data, "started": person_stamp(self, form=form)}
        return super().post(path, data, *args, **kwargs)


@pytest.fixture
def client():
    return PersonClient()


@pytest.fixture
def member_factory(db):
    def make(*, username: str | None = None, verified: bool = True, **fields) -> User:
        n = next(_counter)
        username = username or f"member{n}"
        user = User.objects.create_user(
            username=username, email=fields.pop("email", f"{username}@example.org"),
            password=PASSWORD, **fields,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        return user

    return make


@pytest.fixture
def member(member_factory) -> User:
    return member_factory(username="sam", display_name="Sam Patel")


@pytest.fixture
def other_member(member_factory) -> User:
    return member_factory(username="jo", display_name="Jo Lee")


@pytest.fixture
def moderator(member_factory) -> User:
    user = member_factory(username="maya", display_name="Maya Okafor")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def category_factory(db):
    def make(*, name: str | None = None, members_only: bool = False, **fields) -> Category:
        n = next(_counter)
        name = name or f"Category {n}"
        return Category.objects.create(
            name=name, slug=fields.pop("slug", f"category-{n}"), members_only=members_only,
            **fields,
        )

    return make


@pytest.fixture
def category(category_factory) -> Category:
    return category_factory(name="Methods and practice", slug="methods")


@pytest.fixture
def thread_factory(db, category_factory, member_factory):
    """A published thread with an opening post, written straight to the database."""

    def make(*, category: Category | None = None, author: User | None = None,
             title: str = "How do you pay peer researchers?", body: str = "Opening post.",
             status: str = PostStatus.PUBLISHED) -> Thread:
        category = category or category_factory()
        author = author or member_factory()
        thread = Thread.objects.create(category=category, title=title, author=author,
                                       status=status)
        Post.objects.create(thread=thread, author=author, body=body, is_opening=True,
                            status=status)
        return thread

    return make


@pytest.fixture
def post_factory(db, member_factory):
    def make(*, thread: Thread, author: User | None = None, body: str = "A reply.",
             status: str = PostStatus.PUBLISHED) -> Post:
        return Post.objects.create(thread=thread, author=author or member_factory(), body=body,
                                   status=status)

    return make


# --- the spam model: trained once per test session from the seed corpus, like `make run` ---


@pytest.fixture(scope="session")
def seed_model_artefact(tmp_path_factory):
    from moderation.classifier import registry
    from moderation.engine.artefacts import save

    model = registry.train(use_labels=False)
    path = tmp_path_factory.mktemp("models") / "seed-model.joblib"
    sha = save(model, path)
    return model, path, sha


@pytest.fixture
def spam_model_version(db, seed_model_artefact):
    from moderation.models import ModelVersion

    model, path, sha = seed_model_artefact
    return ModelVersion.objects.create(
        version=1, threshold=model.threshold, artefact_path=str(path), sha256=sha,
        is_active=True, metrics=model.metadata["cv_metrics"],
        training_counts=model.metadata["counts"], notes="seed model for tests",
    )


@pytest.fixture(autouse=True)
def _active_spam_model(request):
    """Every database test screens posts with the real default model, as the site does."""
    uses_db = {"db", "transactional_db", "live_server"} & set(request.fixturenames) or \
        request.node.get_closest_marker("django_db")
    if uses_db and "no_spam_model" not in request.keywords:
        request.getfixturevalue("spam_model_version")


@pytest.fixture(autouse=True)
def _fresh_forum_figures():
    """Cached tag clouds, totals and feeds from one test must not show in the next."""
    import time

    from cop import aggregates

    # A generation of its own for each test (in nanoseconds, so never one the database holds,
    # which counts in milliseconds), held until the test changes something public: no query
    # here, so tests that count queries count the page's own.
    aggregates._local.update(value=time.time_ns(), until=float("inf"))


# --- what the migrations wrote, made again after tests that empty the database ---


def _rebuild_what_the_migrations_wrote() -> None:
    """Browser tests commit to the database, and it is emptied after each of them (Django then
    recreates only content types and permissions). Make the page tree, the groups and the
    review workflow again, as the migrations did."""
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    from cms.models import HomePage

    home = HomePage(title="Welcome", slug="home", locale=locale,
                    intro="<p>A place to share how we work together.</p>")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    importlib.import_module("cms.migrations.0004_editorial_workflow").install(django_apps, None)


@pytest.fixture
def site_tree(db):
    """The home page, library, groups and workflow the migrations write, made again when an
    earlier browser test has emptied the database."""
    from cms.models import HomePage

    if not HomePage.objects.exists():
        _rebuild_what_the_migrations_wrote()
