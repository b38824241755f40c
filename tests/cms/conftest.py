"""Fixtures for the resource library: its pages, an editor, and published resources."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cms.enums import Audience, ResourceType
from cms.models import HomePage, ResourceIndexPage, ResourcePage
from cop.models import Tag

_counter = itertools.count(1)


@pytest.fixture
def home(db) -> HomePage:
    return HomePage.objects.get()


@pytest.fixture
def library(db) -> ResourceIndexPage:
    """The library page the editorial migration created, with its review workflow."""
    return ResourceIndexPage.objects.get()


@pytest.fixture
def editor(member_factory):
    user = member_factory(username="eddie", display_name="Eddie Mensah")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def tag_factory(db):
    def make(name: str) -> Tag:
        tag, _ = Tag.objects.get_or_create(slug=name.lower(), defaults={"name": name})
        return tag

    return make


@pytest.fixture
def document_factory(db):
    def make(*, title: str = "Planning template", name: str = "planning.csv",
             content: bytes = b"step,who,when\n1,everyone,week one\n") -> Document:
        document = Document(title=title)
        document.file.save(name, ContentFile(content), save=False)
        document.file_size = len(content)
        document.save()
        return document

    return make


@pytest.fixture
def resource_factory(library, editor):
    """A resource page under the library, published through a revision unless told not to."""

    def make(*, title: str | None = None, resource_type: str = ResourceType.TOOLKIT,
             summary: str = "A practical way to plan co-produced work together.",
             audience: str = Audience.EVERYONE, tags=(), body=(), owner=None,
             publish: bool = True, parent=None) -> ResourcePage:
        n = next(_counter)
        page = ResourcePage(
            title=title or f"Resource {n}", slug=f"resource-{n}", resource_type=resource_type,
            summary=summary, audience=audience, body=list(body), owner=owner or editor,
            authors="Sam Patel, Jo Lee", organisation="Commons Network", live=False,
        )
        page.topic_tags = list(tags)
        (parent or library).add_child(instance=page)
        revision = page.save_revision(user=owner or editor)
        if publish:
            revision.publish(user=owner or editor, skip_permission_checks=True)
        page.refresh_from_db()
        return page

    return make
