"""Forum search: what a person typed, parsed once into safe terms for every database, the
full-text index of published posts on PostgreSQL and SQLite, and highlighted snippets."""

from __future__ import annotations

import functools
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from html import escape

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from cop.markup import single_line

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_TERM_LENGTH = 40
# Ranking is done over the newest matches only, so a word in every post costs the same as a
# rare one; older matches are still reached by narrowing the search.
CANDIDATE_LIMIT = 1000
SNIPPET_CHARS = 220

# The FTS5 table and the PostgreSQL column are written by database triggers (migration
# 0002_search_index), so every writer keeps them in step: the services, bulk status updates,
# fixtures and the admin alike. Only published posts are in them.
SQLITE_TABLE = "cop_post_search"
# title weighs more than body, as people look for a thread by its title first
SQLITE_RANK = f"bm25({SQLITE_TABLE}, 4.0, 1.0)"
PG_CONFIG = "english"

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_QUOTED_RE = re.compile(r'"([^"]*)"')


class SearchUnavailable(Exception):
    """The search could not be run; the page says so in plain words instead of failing."""


def contained():
    """Where a search query runs: inside a savepoint when a transaction is open, so a failed
    query does not break the rest of the request (the page still says "search is not working"
    in plain words); in autocommit, where a failed query breaks nothing, without one, saving
    the BEGIN and COMMIT round trips."""
    from django.db import transaction

    return transaction.atomic() if connection.in_atomic_block else nullcontext()


@dataclass(frozen=True)
class ParsedQuery:
    """A query as the search understands it: loose words and quoted phrases, each a tuple of
    words made only of letters, digits and underscores (nothing any backend treats as syntax)."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    text: str = field(default="", compare=False)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def all_words(self) -> list[str]:
        return [*self.words, *(w for phrase in self.phrases for w in phrase)]

    @property
    def plain(self) -> str:
        """The terms as plain words, for backends that take a simple string (Wagtail)."""
        return " ".join(self.all_words)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every word and phrase quoted, all required."""
        parts = [f'"{w}"' for w in self.words] + [f'"{" ".join(p)}"' for p in self.phrases]
        return " ".join(parts)

    def tsquery(self):
        """A PostgreSQL query object: all words (stemmed) and phrases required."""
        from django.contrib.postgres.search import SearchQuery

        query = None
        for term, kind in [(w, "plain") for w in self.words] + [
            (" ".join(p), "phrase") for p in self.phrases
        ]:
            part = SearchQuery(term, search_type=kind, config=PG_CONFIG)
            query = part if query is None else query & part
        return query


def clean_text(raw: str, *, limit: int = MAX_QUERY_LENGTH) -> str:
    """A query on one line, without control characters, at most `limit` characters long."""
    return single_line(raw, limit=limit)


def parse_query(raw: str) -> ParsedQuery:
    """The one parser of a search box's text, for every backend.

    "quoted words" are a phrase; an unmatched quote is ignored; punctuation and symbols only
    separate words. At most MAX_TERMS words are kept.
    """
    text = clean_text(raw)
    phrases: list[tuple[str, ...]] = []
    budget = MAX_TERMS

    def take(words: list[str]) -> tuple[str, ...]:
        nonlocal budget
        kept = tuple(w[:MAX_TERM_LENGTH].lower() for w in words[:max(budget, 0)])
        budget -= len(kept)
        return kept

    for match in _QUOTED_RE.finditer(text):
        phrase = take(_WORD_RE.findall(match.group(1)))
        if len(phrase) > 1:
            phrases.append(phrase)
        elif phrase:
            budget += 1  # a one-word "phrase" is just a word; counted below
    rest = _QUOTED_RE.sub(
        lambda m: m.group(1) if len(_WORD_RE.findall(m.group(1))) == 1 else " ", text
    )
    words = take(list(dict.fromkeys(w.lower() for w in _WORD_RE.findall(rest))))
    return ParsedQuery(words=words, phrases=tuple(dict.fromkeys(phrases)), text=text)


@functools.lru_cache(maxsize=64)
def _term_pattern(query: ParsedQuery) -> re.Pattern[str] | None:
    """Words as people see them matched: a term and its endings (budget, budgeting)."""
    stems = sorted({w[:max(5, len(w) - 3)] if len(w) > 5 else w for w in query.all_words},
                   key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def highlight(text: str, query: ParsedQuery, *, length: int = SNIPPET_CHARS) -> SafeString:
    """A short extract of plain `text` around the first matching term, HTML-escaped, with the
    terms marked. Escaping is done piece by piece before marking, so nothing a member wrote is
    ever taken as markup (the standard library's escape, which Django's calls, without the
    lazy-text check Django adds: a page of results has a few hundred pieces)."""
    text = " ".join((text or "").split())
    pattern = _term_pattern(query)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 4) + 1
    window = text[start:start + length]
    if start + length < len(text):
        window = window.rsplit(" ", 1)[0] if " " in window else window
    pieces, pos = [], 0
    for match in pattern.finditer(window) if pattern else ():
        pieces.append(escape(window[pos:match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        pos = match.end()
    pieces.append(escape(window[pos:]))
    html = "".join(pieces)
    if start > 0:
        html = "… " + html
    if start + len(window) < len(text):
        html += " …"
    return mark_safe(html)  # noqa: S308 - every piece was escaped above


def matching_posts(qs, query: ParsedQuery, *, by_date: bool) -> list[tuple]:
    """(post id, thread id, score, written at) of up to CANDIDATE_LIMIT posts of `qs` matching
    `query`, newest first (best first unless `by_date`; "written at" is None then); `qs`
    carries the visibility and filters. Raises SearchUnavailable."""
    from django.db import DatabaseError

    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank, SearchVectorField
        from django.db.models import F
        from django.db.models.expressions import RawSQL

        tsquery = query.tsquery()
        qs = qs.annotate(
            search_vector=RawSQL("cop_post.search_vector", [], output_field=SearchVectorField())
        ).filter(search_vector=tsquery).annotate(
            score=SearchRank(F("search_vector"), tsquery)
        ).order_by("-pk")
    elif connection.vendor == "sqlite":
        qs = qs.extra(
            tables=[SQLITE_TABLE],
            where=[f"{SQLITE_TABLE}.rowid = cop_post.id", f"{SQLITE_TABLE} MATCH %s"],
            params=[query.fts5()],
            select={"score": f"-{SQLITE_RANK}"},
        ).order_by()
        # FTS5 walks its own rowids newest first and stops at the limit; ordering by the
        # post's id instead would sort every match.
        qs = qs.extra(order_by=[f"-{SQLITE_TABLE}.rowid"])
    else:  # pragma: no cover - the product runs on these two
        raise SearchUnavailable(f"No forum search for {connection.vendor}")
    # When each post was written is needed only to sort by date (reading a thousand dates
    # costs more than the search itself); otherwise it is left as None.
    fields = ("pk", "thread_id", "score", "created_at") if by_date else ("pk", "thread_id", "score")
    rows = qs.values_list(*fields)[:CANDIDATE_LIMIT]
    try:
        with contained():
            if by_date:
                found = list(rows)  # dates need Django's conversion on SQLite
            else:
                # A thousand rows of plain numbers: read straight from the cursor, without
                # the model layer's work on each row (a tenth of the search's time).
                sql, params = rows.query.sql_with_params()
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    found = cursor.fetchall()
    except DatabaseError as err:
        raise SearchUnavailable(str(err)) from err
    if not by_date:
        found = [(pk, thread_id, score, None) for pk, thread_id, score in found]
        found.sort(key=lambda row: row[2], reverse=True)
    return found
