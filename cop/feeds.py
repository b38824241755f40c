"""Atom feeds of new public threads: all, per category and per tag."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from cop import aggregates, selectors
from cop.markup import post_plain
from cop.models import Category, Post, Tag

FEED_SIZE = 30


class _ThreadFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        # A feed is the same for every reader and changes only when a post is published or
        # held, so the whole response is kept until then.
        return aggregates.cached(f"feed:{request.path}", user=None,
                                 compute=lambda: self._whole(request, *args, **kwargs))

    def _whole(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed writer adds every element to the response on its own, and the server sent
        # each piece in its own write (four fifths of a feed's time): one piece instead.
        response.content = response.content
        return response

    def _threads(self, obj):
        raise NotImplementedError

    def items(self, obj=None):
        threads = list(
            self._threads(obj).order_by("-created_at", "-pk")[:FEED_SIZE]
        )
        openings = {
            p.thread_id: p
            for p in Post.objects.filter(thread__in=threads, is_opening=True)
        }
        for t in threads:
            t.opening = openings.get(t.pk)
        return threads

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return Truncator(post_plain(item.opening) if item.opening else "").words(60)

    def item_author_name(self, item):
        return item.author.public_name

    def item_pubdate(self, item):
        return item.created_at


class LatestThreadsFeed(_ThreadFeed):
    title = "New threads"
    link = "/forum/"
    subtitle = "New conversations in the forum."

    def _threads(self, obj):
        return selectors.thread_list(user=None)


class CategoryThreadsFeed(_ThreadFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug, members_only=False)

    def title(self, obj):
        return f"New threads in {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def _threads(self, obj):
        return selectors.thread_list(user=None, category=obj)


class TagThreadsFeed(_ThreadFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug.lower())

    def title(self, obj):
        return f"New threads tagged #{obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def _threads(self, obj):
        return selectors.thread_list(user=None, tag=obj)
