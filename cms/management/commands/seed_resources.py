"""Write the demo resource library: about ten resources, their files and their discussions.

Safe to run again: resources are matched by their web address in the library, files by title,
and a resource that exists already is left as it is.
"""

from __future__ import annotations

import copy
import datetime
import io
import logging

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from cms.demo.resources import DOCUMENTS, IMAGES, RESOURCES
from cms.models import FeaturedResource, HomePage, ResourceIndexPage, ResourcePage
from cop import publishing
from cop.models import Tag, User
from operations.guards import refuse_production_settings


class Command(BaseCommand):
    help = "Write the demo resource library and open a discussion for each resource. " \
           "Safe to run more than once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--owner", default="ed_editor",
            help="Username of the editor who owns the resources (default: ed_editor; a "
                 "superuser if there is no such member).",
        )

    def handle(self, *args, **options):
        refuse_production_settings("seed_resources")
        logging.getLogger("django-q").setLevel(logging.WARNING)
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        owner = self._owner(options["owner"])
        library = self._library()
        documents = {key: self._document(spec) for key, spec in DOCUMENTS.items()}
        images = {key: self._image(spec) for key, spec in IMAGES.items()}
        self.stdout.write(
            f"  files: {len(documents)} documents, {len(images)} "
            f"image{'s' if len(images) != 1 else ''}"
        )

        created, featured = 0, []
        total = len(RESOURCES)
        for number, spec in enumerate(RESOURCES, start=1):
            page, made = self._resource(spec, library, owner, documents, images)
            created += made
            if spec.get("featured"):
                featured.append(page)
            state = "new" if made else "already there"
            self.stdout.write(f"  resource {number}/{total}: {page.title} ({state})")
        home_featured = self._feature(library, featured)
        with_threads = ResourcePage.objects.filter(discussion_thread__isnull=False).count()
        self.stdout.write(self.style.SUCCESS(
            f"Resources ready: {created} new of {total}, {len(documents)} downloadable "
            f"documents, {home_featured} featured on the home page, {with_threads} "
            f"resources with a discussion."
        ))

    def _owner(self, username: str) -> User:
        owner = User.objects.filter(username=username).first()
        owner = owner or User.objects.filter(is_superuser=True).order_by("pk").first()
        if owner is None:
            raise CommandError(
                f"There is no member called {username} and no superuser to own the "
                "resources. Run seed_demo first, or give --owner USERNAME."
            )
        return owner

    def _library(self) -> ResourceIndexPage:
        library = ResourceIndexPage.objects.order_by("path").first()
        if library is not None:
            return library
        home = HomePage.objects.order_by("path").first()
        if home is None:
            raise CommandError("There is no home page: run `manage.py migrate` first.")
        library = ResourceIndexPage(title="Resources", slug="resources")
        home.add_child(instance=library)
        library.save_revision().publish()
        return library

    def _document(self, spec) -> Document:
        document = Document.objects.filter(title=spec["title"]).first()
        if document is None:
            content = spec["content"]()
            document = Document(title=spec["title"])
            document.file.save(spec["filename"], ContentFile(content), save=False)
            document.file_size = len(content)
            document.save()
        return document

    def _image(self, spec) -> Image:
        image = Image.objects.filter(title=spec["title"]).first()
        if image is None:
            content = io.BytesIO(spec["content"]())
            image = Image(title=spec["title"], file=ImageFile(content, name=spec["filename"]))
            image.save()
        return image

    @staticmethod
    def _tags(names: list[str]) -> list[Tag]:
        return publishing.tags_named(names)

    @staticmethod
    def _body(blocks, documents, images) -> list[dict]:
        body = copy.deepcopy(blocks)
        for block in body:
            value = block["value"]
            if block["type"] == "document":
                value["document"] = documents[value["document"]].pk
            elif block["type"] == "image":
                value["image"] = images[value["image"]].pk
        return body

    @transaction.atomic
    def _resource(self, spec, library, owner, documents, images) -> tuple[ResourcePage, bool]:
        existing = (
            Page.objects.child_of(library).filter(slug=spec["slug"]).specific().first()
        )
        if existing is not None:
            return existing, False
        page = ResourcePage(
            title=spec["title"], slug=spec["slug"], live=False, owner=owner,
            resource_type=spec["resource_type"], audience=spec["audience"],
            summary=spec["summary"], authors=spec["authors"],
            organisation=spec["organisation"], licence=spec["licence"],
            date=datetime.date.fromisoformat(spec["date"]),
            body=self._body(spec["body"], documents, images),
        )
        page.topic_tags = self._tags(spec["tags"])
        library.add_child(instance=page)
        # Published like any page, so the resource's discussion opens as it would in the admin.
        page.save_revision(user=owner).publish()
        page.refresh_from_db()
        return page, True

    @staticmethod
    def _feature(library, pages: list[ResourcePage]) -> int:
        """Feature the chosen resources on the home page, unless an editor already chose."""
        home = library.get_parent().specific
        if not isinstance(home, HomePage):
            return 0
        if not home.featured_resources.exists():
            home.featured_resources = [
                FeaturedResource(resource=page, sort_order=order)
                for order, page in enumerate(pages)
            ]
            home.save_revision().publish()
        return home.featured_resources.count()
