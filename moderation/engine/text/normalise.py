"""Undoing the disguises spammers use: invisible characters, look-alike letters, leetspeak,
s p a c e d letters, split domains, spelled-out emails and HTML; and a text's meaningful words."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from .lexicons import BREAK_TLDS, FREE_MAIL_NAMES, LEET, STOPWORDS, WORDLIKE_TLDS
from .patterns import (
    DOT_ANY,
    EMAIL_ANY_RE,
    EMAIL_HINT_RE,
    HEX_RE,
    HOMOGLYPH_TABLE,
    HTML_ANCHOR_RE,
    HTML_BREAK_RE,
    HTML_ENTITY_RE,
    HTML_TAG_RE,
    INVISIBLE_TABLE,
    LEET_CANDIDATE_RE,
    LEET_HINT_RE,
    LEET_INSIDE_RE,
    LOOKALIKE_RE,
    SPACED_LETTERS_RE,
    SPLIT_DOMAIN_RE,
    SPLIT_HINT_RE,
    TIMESTAMP_RE,
    URL_RE,
    WORD_CHARS_RE,
    WORD_RE,
    WWW_SPLIT_RE,
)


@dataclass(frozen=True, slots=True)
class Normalised:
    """A post with its disguises undone, and how many disguises there were."""

    text: str
    invisible_chars: int = 0
    lookalike_words: int = 0
    leet_words: int = 0
    spaced_words: int = 0
    split_domains: int = 0
    obfuscated_emails: int = 0
    keyword_anchors: int = 0


def _strip_invisible(text: str) -> tuple[str, int]:
    if text.isascii():
        return text, 0
    stripped = text.translate(INVISIBLE_TABLE)
    return stripped, len(text) - len(stripped)


def _fold_lookalikes(text: str) -> tuple[str, int]:
    if text.isascii() or not LOOKALIKE_RE.search(text):
        return text, 0
    folded_words = 0
    # A word written wholly in look-alikes is folded only inside mostly-Latin text; in Russian
    # or Greek text it is just a word.
    letters = sum(map(str.isalpha, text))
    ascii_letters = sum(map(str.isalpha, text.encode("ascii", "ignore").decode()))
    mostly_latin = ascii_letters > letters - ascii_letters

    def fold(match: re.Match[str]) -> str:
        nonlocal folded_words
        word = match.group(0)
        swapped = word.translate(HOMOGLYPH_TABLE)
        if swapped == word:
            return word
        # Fold only words that mix scripts or become pure ASCII: real Greek or Russian text
        # stays as it is, a Latin word with a Cyrillic "о" inside does not.
        has_latin = any("a" <= char.lower() <= "z" for char in word)
        if has_latin or (mostly_latin and swapped.isascii() and len(word) >= 3):
            folded_words += 1
            return swapped
        return word

    return WORD_CHARS_RE.sub(fold, text), folded_words


def _fold_leet(text: str) -> tuple[str, int]:
    changed = 0

    def fold(match: re.Match[str]) -> str:
        nonlocal changed
        token = match.group(0)
        if token.isalpha() or sum(char.isalpha() for char in token) < 2:
            return token
        # Hex ids, hashes and version strings in pasted logs are not disguised words.
        digits = sum(char.isdigit() for char in token)
        if digits * 2 > len(token) or (len(token) >= 6 and HEX_RE.fullmatch(token)):
            return token
        # A part of a dashed id ("e31f483d-ba42-4aa0") is hex, not a disguised word.
        start, end = match.span()
        if HEX_RE.fullmatch(token) and (
            match.string[start - 1 : start] == "-" or match.string[end : end + 1] == "-"
        ):
            return token
        new = LEET_INSIDE_RE.sub(lambda inner: "".join(LEET[c] for c in inner.group(0)), token)
        if new != token:
            changed += 1
        return new

    if not LEET_HINT_RE.search(text):
        return text, 0
    return LEET_CANDIDATE_RE.sub(fold, text), changed


def _join_spaced(text: str) -> tuple[str, int]:
    joined = 0

    def join(match: re.Match[str]) -> str:
        nonlocal joined
        letters = re.sub(r"[^A-Za-z]", "", match.group(0))
        if len(letters) < 3:
            return match.group(0)
        joined += 1
        return letters

    return SPACED_LETTERS_RE.sub(join, text), joined


def _repair_emails(text: str) -> tuple[str, int]:
    if not EMAIL_HINT_RE.search(text):
        return text, 0
    repaired = 0

    def repair(match: re.Match[str]) -> str:
        nonlocal repaired
        local = match.group("local")
        at = match.group("at")
        domain_raw = match.group("domain")
        domain = re.sub(DOT_ANY, ".", domain_raw, flags=re.IGNORECASE).lower()
        plain_at = at.strip() == "@"
        if not plain_at and not at.strip().startswith(("(", "[", "{", "<")):
            # "... at gmail.com" is an address; "read it at example.org" is a sentence.
            dot_hidden = domain_raw.lower() != domain
            if not (domain.split(".")[0] in FREE_MAIL_NAMES or dot_hidden
                    or re.search(r"[\d._]", local)):
                return match.group(0)
        if local.lower() in STOPWORDS and not plain_at:
            return match.group(0)
        email = f"{local}@{domain}"
        if email != match.group(0):
            repaired += 1
        return email

    return EMAIL_ANY_RE.sub(repair, text), repaired


def _repair_domains(text: str) -> tuple[str, int]:
    if not SPLIT_HINT_RE.search(text):
        return text, 0
    repaired = 0

    def repair(match: re.Match[str]) -> str:
        nonlocal repaired
        dot = match.group("dot")
        tld = match.group("tld").lower()
        written_dot = "dot" in dot.lower()
        bracketed = any(char in dot for char in "[({<")
        spaced_both = dot.startswith((" ", "\t")) and dot.endswith((" ", "\t"))
        # A sentence break ("well. In fact") looks like a split domain; only accept it when the
        # ending is unmistakably a web address ending.
        if not (written_dot or bracketed or (spaced_both and tld not in WORDLIKE_TLDS)
                or tld in BREAK_TLDS and not match.group("tld")[0].isupper()):
            return match.group(0)
        repaired += 1
        return f"{match.group('name')}.{tld}"

    text = WWW_SPLIT_RE.sub("www.", text)
    previous = None
    # Repeat so "site . co . uk" is joined label by label.
    for _ in range(3):
        previous = text
        text = SPLIT_DOMAIN_RE.sub(repair, text)
        if text == previous:
            break
    return text, repaired


def _strip_html(text: str) -> tuple[str, int]:
    """Turn the HTML a comment form lets through into plain text: an anchor becomes its
    address and its words, line breaks become new lines, other tags go, entities are decoded.
    Returns the text and how many anchors hid their address behind keywords."""
    keyword_anchors = 0
    if "<" in text:
        def anchor(match: re.Match[str]) -> str:
            nonlocal keyword_anchors
            href, label = match.group(1), HTML_TAG_RE.sub(" ", match.group(2)).strip()
            label_plain = html.unescape(label)
            if not label_plain or label_plain.rstrip("/") in html.unescape(href) \
                    or URL_RE.fullmatch(label_plain):
                return f" {href} "
            if not TIMESTAMP_RE.fullmatch(label_plain):
                keyword_anchors += 1
            return f" {href} {label} "

        text = HTML_ANCHOR_RE.sub(anchor, text)
        text = HTML_BREAK_RE.sub("\n", text)
        text = HTML_TAG_RE.sub(" ", text)
    if "&" in text and HTML_ENTITY_RE.search(text):
        text = html.unescape(text)
    return text, keyword_anchors


def normalise(text: str) -> Normalised:
    """Undo the usual disguises: width/compatibility forms, invisible characters, look-alike
    letters, leetspeak inside words, s p a c e d letters, split domains and spelled-out emails.

    Case is kept (capitals are a signal of their own); lower-case the result for matching.
    """
    text, keyword_anchors = _strip_html(text)
    text = unicodedata.normalize("NFKC", text)
    text, invisible = _strip_invisible(text)
    text, lookalikes = _fold_lookalikes(text)
    text, spaced = _join_spaced(text)
    text, emails = _repair_emails(text)
    text, domains = _repair_domains(text)
    text, leet = _fold_leet(text)
    return Normalised(
        text=text,
        invisible_chars=invisible,
        lookalike_words=lookalikes,
        leet_words=leet,
        spaced_words=spaced,
        split_domains=domains,
        obfuscated_emails=emails,
        keyword_anchors=keyword_anchors,
    )


def comparable_text(text: str) -> str:
    """A post reduced to what a reader sees: disguises undone, case, spacing and punctuation
    ignored. Two posts with the same comparable text are the same post (an invisible character
    or one look-alike letter makes no difference)."""
    return " ".join(WORD_CHARS_RE.findall(normalise(text).text.casefold()))


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that carry meaning (no stopwords)."""
    return [
        word
        for word in WORD_RE.findall(text.lower())
        if len(word) >= 3 and word not in STOPWORDS and not word.startswith("zz")
    ]
