"""Search results for the one search box: which pages and posts match (refs, in order), and
one page of them loaded with highlighted extracts, in a fixed number of queries."""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from cop import aggregates, search
from cop.enums import PostStatus, SearchKind, SearchSort
from cop.links import path_maker
from cop.markup import plain_of
from cop.models import Category, Post, Tag, Thread, User
from cop.search import ParsedQuery, SearchUnavailable
from cop.selectors import can_see_members_only

__all__ = ["SearchFilters", "SearchHit", "SearchRef", "SearchResults", "SearchUnavailable",
           "search_hits", "search_site"]


SEARCH_PAGE_LIMIT = 200


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to; every field is optional."""

    kind: str = ""
    category: Category | None = None
    tag: Tag | None = None
    author: User | None = None
    since: date | None = None
    until: date | None = None
    sort: str = SearchSort.RELEVANCE

    @property
    def forum_only(self) -> bool:
        """Resources have no category, author or forum date, so these filters leave them out."""
        return bool(self.category or self.author or self.since or self.until or self.tag)


@dataclass(frozen=True)
class SearchRef:
    """One result before it is loaded: a page or a post, and when it was written."""

    kind: str  # "page" or "post"
    pk: int
    when: datetime | None = None
    thread: int | None = None  # a post's discussion


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    refs: list[SearchRef]
    # True when more posts matched than are ranked; the page suggests narrowing the search.
    capped: bool = False


@dataclass(frozen=True)
class SearchHit:
    """One search result as shown: the kind of thing it is, for the label people see
    ("Resource", "Page", "Discussion" or "Reply"), its title and address, and an extract with
    the searched words marked; for a post also who wrote it and when, its category and how many
    posts its discussion has. Plain values: a page of them is read without making models."""

    kind: str
    title: str
    url: str
    snippet: str = ""
    post_id: int | None = None
    is_reply: bool = False
    author_name: str = ""
    written_at: datetime | None = None
    category_name: str = ""
    category_url: str = ""
    post_total: int = 0


def _private_sections() -> list[tuple[str, int]]:
    """Where each private section of the site starts (tree path and depth), kept in the cache
    until a page or its privacy changes: Wagtail's `public()` reads them on every search."""
    return aggregates.cached("private-page-sections", user=None, compute=lambda: list(
        PageViewRestriction.objects.values_list("page__path", "page__depth")))


def _public(pages):
    """The pages outside every private section (as Wagtail's `public()`)."""
    private = Q()
    for path, depth in _private_sections():
        private |= Q(path__startswith=path, depth__gte=depth)
    return pages.exclude(private) if private else pages


def _page_refs(query: ParsedQuery, kind: str) -> list[SearchRef]:
    """Live public pages matching the query, best first, through Wagtail's search index."""
    # The forum does not import the pages app; settings name which page type is a resource.
    resource_model = apps.get_model(settings.FORUM_SEARCH_RESOURCE_MODEL)
    page_model = resource_model if kind == SearchKind.RESOURCE else Page
    if _wagtail_index_is_in_postgresql():
        return _page_refs_postgres(query, page_model)
    pages = page_model.objects.live()
    pages = _public(pages).only("pk", "last_published_at")
    try:
        with search.contained():
            hits = list(get_search_backend().search(query.plain, pages)[:SEARCH_PAGE_LIMIT])
    except DatabaseError as err:
        raise SearchUnavailable(str(err)) from err
    return [SearchRef("page", page.pk, page.last_published_at) for page in hits]


@functools.cache
def _wagtail_index_is_in_postgresql() -> bool:
    """Whether Wagtail keeps its search index in this PostgreSQL database (its database
    backend), which the one-statement search reads; any other backend is asked as usual."""
    try:
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
    except ImportError:  # pragma: no cover - a Wagtail without it searches as before
        return False
    return isinstance(get_search_backend(), PostgresSearchBackend)


def _page_refs_postgres(query: ParsedQuery, page_model) -> list[SearchRef]:
    """The same search on PostgreSQL as one plain statement over Wagtail's index entries: all
    the words required, the title's rank (times its length weight) added to the body's. Made by
    Wagtail's query compiler it cost about 4 ms a search, a fifth of a whole search page, for
    a statement the database answers in half a millisecond."""
    config = get_search_backend().config
    tsquery = "plainto_tsquery(%s::regconfig, %s)" if config else "plainto_tsquery(%s)"
    params: list = [config, query.plain] if config else [query.plain]
    params.append(_content_types(page_model))
    public = ""
    for path, depth in _private_sections():
        public += " AND NOT (p.path LIKE %s AND p.depth >= %s)"
        params += [path + "%", depth]  # tree paths are letters and digits only
    params.append(SEARCH_PAGE_LIMIT)
    sql = f"""
        SELECT p.id, p.last_published_at
        FROM {Page._meta.db_table} p
        CROSS JOIN {tsquery} q
        JOIN {IndexEntry._meta.db_table} e
          ON e.object_id = p.id::varchar(50) AND e.content_type_id = ANY(%s)
        WHERE p.live AND (e.title || e.body) @@ q{public}
        ORDER BY ts_rank(e.title, q) * e.title_norm + ts_rank(e.body, q) DESC, p.id DESC
        LIMIT %s"""
    try:
        with search.contained(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    except DatabaseError as err:
        raise SearchUnavailable(str(err)) from err
    return [SearchRef("page", pk, when) for pk, when in rows]


def _content_types(page_model) -> list[int]:
    """The content types of a page model and of every page type made from it: Wagtail's index
    keeps each page under its own type. Django keeps content types in its own cache, which it
    empties when they change."""
    models = _page_types(page_model)
    return sorted(ct.pk for ct in ContentType.objects.get_for_models(*models).values())


@functools.cache
def _page_types(page_model) -> tuple:
    return tuple(model for model in apps.get_models() if issubclass(model, page_model))


def _post_refs(query: ParsedQuery, user, filters: SearchFilters) -> tuple[list[SearchRef], bool]:
    posts = Post.objects.filter(status=PostStatus.PUBLISHED, thread__status=PostStatus.PUBLISHED)
    if not can_see_members_only(user):
        posts = posts.filter(thread__category__members_only=False)
    if filters.kind == SearchKind.THREAD:
        posts = posts.filter(is_opening=True)
    elif filters.kind == SearchKind.POST:
        posts = posts.filter(is_opening=False)
    if filters.category is not None:
        posts = posts.filter(thread__category=filters.category)
    if filters.tag is not None:
        posts = posts.filter(thread__threadtag__tag=filters.tag)
    if filters.author is not None:
        posts = posts.filter(author=filters.author)
    if filters.since is not None:
        posts = posts.filter(created_at__date__gte=filters.since)
    if filters.until is not None:
        posts = posts.filter(created_at__date__lte=filters.until)
    rows = search.matching_posts(posts, query, by_date=filters.sort == SearchSort.DATE)
    capped = len(rows) >= search.CANDIDATE_LIMIT
    if filters.kind == SearchKind.POST:
        return [SearchRef("post", pk, when, thread) for pk, thread, _score, when in rows], capped
    # One result per discussion: its best (or newest) matching post.
    seen: set[int] = set()
    refs = []
    for pk, thread_id, _score, when in rows:
        if thread_id not in seen:
            seen.add(thread_id)
            refs.append(SearchRef("post", pk, when, thread_id))
    return refs, capped


def search_site(*, query: str, user, filters: SearchFilters | None = None) -> SearchResults:
    """The one search box over resources, pages and the forum; raises SearchUnavailable when
    the database could not run it. Pages come first unless sorted by date."""
    filters = filters or SearchFilters()
    parsed = search.parse_query(query)
    if not parsed:
        return SearchResults(query=parsed, refs=[])
    refs: list[SearchRef] = []
    capped = False
    if filters.kind in ("", SearchKind.RESOURCE) and not filters.forum_only:
        refs += _page_refs(parsed, filters.kind)
    if filters.kind != SearchKind.RESOURCE:
        post_refs, capped = _post_refs(parsed, user, filters)
        refs += post_refs
    if filters.sort == SearchSort.DATE:
        oldest = datetime.min.replace(tzinfo=UTC)
        refs.sort(key=lambda ref: ref.when or oldest, reverse=True)
    return SearchResults(query=parsed, refs=refs, capped=capped)


def _page_summaries(page_ids: list[int]) -> dict[int, dict[str, str]]:
    """What a result shows of each page (kind, title, address, summary), kept until something
    public changes: loading pages as their own types takes two queries."""
    language = get_language()
    names = {f"page-result-{pk}-{language}": pk for pk in page_ids}

    def load(missing: list[str]) -> dict[str, dict[str, str]]:
        pages = Page.objects.filter(pk__in=[names[name] for name in missing])
        return {
            f"page-result-{page.pk}-{language}": {
                "kind": getattr(page, "search_kind", "Page"), "title": page.title,
                "url": page.url,
                "summary": getattr(page, "search_summary", "") or page.search_description,
            }
            for page in pages.defer_streamfields().specific()
        }

    found = aggregates.cached_many(list(names), user=None, compute=load)
    return {names[name]: summary for name, summary in found.items()}


def _thread_totals(thread_ids: set[int]) -> dict[int, int]:
    """Published posts in each discussion, counted once until something public changes: a
    long discussion among the results took most of the counting."""
    names = {f"thread-total-{pk}": pk for pk in thread_ids}

    def count(missing: list[str]) -> dict[str, int]:
        ids = [names[name] for name in missing]
        counted = dict(Post.objects.filter(thread_id__in=ids, status=PostStatus.PUBLISHED)
                       .order_by().values("thread_id").annotate(c=Count("pk"))
                       .values_list("thread_id", "c"))
        return {f"thread-total-{pk}": counted.get(pk, 0) for pk in ids}

    found = aggregates.cached_many(list(names), user=None, compute=count, local=False)
    return {names[name]: total for name, total in found.items()}


_RESULT_FIELDS = ("pk", "thread_id", "body", "body_html", "body_html_version", "is_opening",
                  "created_at", "author__username", "author__display_name",
                  "author__profile_status", "thread__title", "thread__category__name",
                  "thread__category__slug")


def _load_posts(post_ids: list[int], thread_ids: list[int]) -> dict[int, dict]:
    """What the results show of each post, by one plain statement (the same on both
    databases): building it with the ORM took a third of loading a page of results."""
    post, thread = Post._meta.db_table, Thread._meta.db_table
    user, category = User._meta.db_table, Category._meta.db_table
    marks = ", ".join(["%s"] * len(post_ids))
    thread_marks = ", ".join(["%s"] * len(thread_ids))
    sql = (
        f"SELECT p.id, p.thread_id, p.body, p.body_html, p.body_html_version, p.is_opening, "
        f"p.created_at, u.username, u.display_name, u.profile_status, t.title, c.name, c.slug "
        f"FROM {post} p JOIN {thread} t ON t.id = p.thread_id "
        f"JOIN {user} u ON u.id = p.author_id JOIN {category} c ON c.id = t.category_id "
        f"WHERE p.id IN ({marks}) AND p.thread_id IN ({thread_marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*post_ids, *thread_ids])
        rows = cursor.fetchall()
    posts = {}
    for row in rows:
        found = dict(zip(_RESULT_FIELDS, row, strict=True))
        if found["created_at"].tzinfo is None:  # SQLite keeps UTC without saying so
            found["created_at"] = found["created_at"].replace(tzinfo=UTC)
        found["is_opening"] = bool(found["is_opening"])
        posts[found["pk"]] = found
    return posts


def search_hits(*, refs: list[SearchRef], query: ParsedQuery) -> list[SearchHit]:
    """Load one page of results in a fixed number of queries, with highlighted extracts."""
    page_ids = [ref.pk for ref in refs if ref.kind == "page"]
    post_ids = [ref.pk for ref in refs if ref.kind == "post"]
    pages = _page_summaries(page_ids) if page_ids else {}
    posts, totals = {}, {}
    if post_ids:
        # Naming the discussions too lets PostgreSQL read them by their index: for the posts
        # alone it read every discussion (1.3 ms against 0.3 at 2,000 discussions).
        thread_ids = {ref.thread for ref in refs if ref.kind == "post"}
        posts = _load_posts(post_ids, sorted(thread_ids))
        totals = _thread_totals({post["thread_id"] for post in posts.values()})
    post_path, thread_path = path_maker("cop:post", "pk"), path_maker("cop:thread", "pk")
    category_path = path_maker("cop:category", "slug")
    hits = []
    for ref in refs:
        if ref.kind == "page" and ref.pk in pages:
            page = pages[ref.pk]
            hits.append(SearchHit(
                kind=page["kind"], title=page["title"], url=page["url"],
                snippet=search.highlight(page["summary"], query),
            ))
        elif ref.kind == "post" and ref.pk in posts:
            post = posts[ref.pk]
            reply = not post["is_opening"]
            plain = plain_of(post["body"], post["body_html"], post["body_html_version"])
            hits.append(SearchHit(
                kind="Reply" if reply else "Discussion", title=post["thread__title"],
                url=post_path(post["pk"]) if reply else thread_path(post["thread_id"]),
                snippet=search.highlight(html.unescape(plain), query),
                post_id=post["pk"], is_reply=reply, author_name=User.name_shown(
                    post["author__username"], post["author__display_name"],
                    post["author__profile_status"]),
                written_at=post["created_at"], category_name=post["thread__category__name"],
                category_url=category_path(post["thread__category__slug"]),
                post_total=totals.get(post["thread_id"], 0),
            ))
    return hits
