"""The one sanitiser: every piece of member-written text is rendered to HTML here.

Markdown is parsed by markdown-it-py with raw HTML switched off, hashtags and @mentions become
links, and the result goes through nh3 (the Ammonia sanitiser) with a short allow-list, so a
`<script>` or a `javascript:` link can never reach a page.
"""

import hashlib
import re
import unicodedata
from functools import lru_cache
from importlib.metadata import version as package_version

import nh3
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

HASHTAG_RE = re.compile(r"(?<![\w&#/])#([A-Za-z][A-Za-z0-9_]{1,49})\b")
MENTION_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_.+-]{2,150})\b")
_TAG_AT_START = re.compile(r"#([A-Za-z][A-Za-z0-9_]{1,49})\b")
_MENTION_AT_START = re.compile(r"@([A-Za-z0-9_.+-]{2,150})\b")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "hr", "i",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Raise when the rendering changes in a way the inputs below do not show (a new Markdown rule,
# a different heading rule): stored post HTML is then rendered again.
RENDERER_REVISION = 1


def extract_hashtags(text: str) -> list[str]:
    """Hashtags in the order written, first spelling kept, one per lower-case key."""
    seen: dict[str, str] = {}
    for name in HASHTAG_RE.findall(text):
        seen.setdefault(name.lower(), name)
    return list(seen.values())


def extract_mentions(text: str) -> list[str]:
    found: dict[str, None] = {}
    for name in MENTION_RE.findall(text):
        found.setdefault(name.rstrip(".").lower(), None)
    return list(found)


def _prev_is_word(state: StateInline) -> bool:
    if state.pos == 0:
        return False
    prev = state.src[state.pos - 1]
    return prev.isalnum() or prev in "_&#/@."


def _link_rule(marker: str, pattern: re.Pattern[str], url_name: str, kwarg: str, lower: bool):
    def rule(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != marker or _prev_is_word(state):
            return False
        match = pattern.match(state.src, state.pos)
        if not match:
            return False
        name = match.group(1).rstrip(".")
        if not silent:
            token = state.push("link_open", "a", 1)
            token.attrs = {
                "href": reverse(url_name, kwargs={kwarg: name.lower() if lower else name})
            }
            text = state.push("text", "", 0)
            text.content = marker + name
            state.push("link_close", "a", -1)
        state.pos += 1 + len(name)
        return True

    return rule


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.inline.ruler.before(
        "emphasis", "hashtag", _link_rule("#", _TAG_AT_START, "cop:tag", "slug", True)
    )
    md.inline.ruler.before(
        "emphasis", "mention",
        _link_rule("@", _MENTION_AT_START, "cop:profile", "username", False),
    )
    return md


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """Member Markdown to safe HTML. Headings are demoted so a post never outranks the page."""
    html = _parser().render(text or "")
    html = re.sub(r"<(/?)h1>", r"<\1h3>", html)
    html = re.sub(r"<(/?)h2>", r"<\1h3>", html)
    return mark_safe(sanitise_html(html))  # noqa: S308 - nh3 has just cleaned it


def render_plain(text: str) -> str:
    """Plain text of a post, for feeds, emails and excerpts."""
    return nh3.clean(_parser().render(text or ""), tags=set()).strip()


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """A short fingerprint of everything that shapes a post's HTML: the allow-list, the
    revision above, the libraries' versions and where hashtags and mentions link to. Stored
    HTML with another fingerprint is stale."""
    parts = [
        str(RENDERER_REVISION), repr(sorted(ALLOWED_TAGS)),
        repr(sorted((tag, sorted(attrs)) for tag, attrs in ALLOWED_ATTRIBUTES.items())),
        repr(sorted(URL_SCHEMES)), package_version("nh3"), package_version("markdown-it-py"),
        package_version("linkify-it-py"),
        reverse("cop:tag", kwargs={"slug": "x"}), reverse("cop:profile", kwargs={"username": "x"}),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def render_post_html(text: str) -> tuple[str, str]:
    """The HTML to store with a post, and the renderer version it was made with."""
    return str(render_markdown(text)), renderer_version()


def stored_html_is_current(version: str) -> bool:
    return version == renderer_version()


def post_html(post) -> SafeString:
    """A post's HTML: the stored rendering when it is current (it is this module's own
    sanitised output), otherwise a fresh one."""
    if post.body_html and stored_html_is_current(post.body_html_version):
        return mark_safe(post.body_html)  # noqa: S308 - written by render_post_html only
    return render_markdown(post.body)


def plain_from_html(html: str) -> str:
    """Plain text of already sanitised HTML, without parsing the Markdown again."""
    return nh3.clean(html or "", tags=set()).strip()


def post_plain(post) -> str:
    """A post's plain text, from its stored HTML when that is current."""
    return plain_of(post.body, post.body_html, post.body_html_version)


def plain_of(body: str, body_html: str, body_html_version: str) -> str:
    """Plain text of a post's columns (its stored HTML when current, else the Markdown)."""
    if body_html and stored_html_is_current(body_html_version):
        return plain_from_html(body_html)
    return render_plain(body)


def single_line(text: str, *, limit: int | None = None) -> str:
    """Text meant for one line (titles, names, email subjects): control and format characters
    (NUL, line breaks, zero-width and direction marks) become spaces, runs of space fold into
    one, and the result is cut to `limit` characters."""
    out = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text or ""
    )
    out = " ".join(out.split())
    return out[:limit] if limit is not None else out
