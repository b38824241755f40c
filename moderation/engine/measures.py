"""Measurements of a normalised post that several signals share: placeholder text for the
n-grams, letter and digit counts, and the sums of money it names."""

from __future__ import annotations

import re

from .text.lexicons import FREE_MAIL_DOMAINS
from .text.patterns import MONEY_RE


def placeholder_text(clean: str, spans: list[tuple[int, int]], emails: set[int],
                     urls: set[int], phones: set[int]) -> str:
    """Replace contacts by placeholder words so the n-grams learn "a phone number here", not
    one spammer's number; link words stay (a domain called "besthackers" says something)."""
    if not spans:
        return clean
    pieces = []
    cursor = 0
    for index, (start, end) in sorted(enumerate(spans), key=lambda item: item[1][0]):
        if start < cursor:
            continue
        pieces.append(clean[cursor:start])
        chunk = clean[start:end]
        if index in emails:
            domain = chunk.split("@", 1)[1].lower()
            pieces.append(" zzemail " + ("zzfreemail " if domain in FREE_MAIL_DOMAINS else ""))
        elif index in urls:
            host_and_path = re.sub(r"^(?:https?://)?(?:www\.)?", "", chunk, flags=re.I)
            words = re.sub(r"[^A-Za-z]+", " ", host_and_path)
            pieces.append(f" zzlink {words} ")
        elif index in phones:
            pieces.append(" zzphone ")
        cursor = end
    pieces.append(clean[cursor:])
    return "".join(pieces)


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_DIGITS = b"0123456789"


def char_classes(text: str) -> tuple[int, int, int]:
    """Letters, capitals and digits in the text (bytes.translate for plain ASCII: fast)."""
    if text.isascii():
        raw = text.encode("ascii")
        size = len(raw)
        return (size - len(raw.translate(None, _ASCII_LETTERS)),
                size - len(raw.translate(None, _ASCII_UPPER)),
                size - len(raw.translate(None, _ASCII_DIGITS)))
    return (sum(map(str.isalpha, text)), sum(map(str.isupper, text)),
            sum(map(str.isdigit, text)))


def money_amounts(clean: str) -> list[float]:
    """Each sum of money written in the text, in units ("£2k" is 2,000)."""
    amounts = []
    for match in MONEY_RE.finditer(clean):
        written = match.group(0).lower()
        number = re.search(r"\d[\d,]*(?:\.\d+)?", written)
        amount = float(number.group(0).replace(",", "")) if number else 0.0
        if re.search(r"\d\s?k\b|thousand", written):
            amount *= 1_000
        elif re.search(r"\d\s?(?:m|bn)\b|million|billion", written):
            amount *= 1_000_000
        amounts.append(amount)
    return amounts
