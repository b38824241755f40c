"""Compiled regular expressions for normalisation, contact extraction and the spam signals."""

from __future__ import annotations

import re
import unicodedata

from .lexicons import (
    BARE_TLD_ALTERNATION,
    HOMOGLYPHS,
    INVISIBLE,
    STRONG_TLD_ALTERNATION,
    TLD_ALTERNATION,
)

HOMOGLYPH_TABLE = str.maketrans(HOMOGLYPHS)
LOOKALIKE_RE = re.compile("[" + "".join(sorted(HOMOGLYPHS)) + "]")
WORD_CHARS_RE = re.compile(r"\w+")


# Characters that render as nothing: all Unicode "format" (Cf) characters plus the fillers and
# joiners that are not Cf. A regex built once is much faster per post than asking unicodedata
# about every character.
_FORMAT_CHARS = [
    code
    for code in (*range(0x20000), *range(0xE0000, 0xE0080))  # Cf characters live only here
    if unicodedata.category(chr(code)) == "Cf"
]
INVISIBLE_RE = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in sorted({*_FORMAT_CHARS, *INVISIBLE})) + "]"
)
# str.translate with a table is several times faster than the regex for deleting them.
INVISIBLE_TABLE = dict.fromkeys(sorted({*_FORMAT_CHARS, *INVISIBLE}))

_DOT_OBFUSCATED = r"(?:\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*|\s+dot\s+|\s+\.\s*|\s*\.\s+)"
DOT_ANY = r"(?:\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*|\s+dot\s+|\s*\.\s*)"
_AT_ANY = r"(?:\s*@\s*|\s*[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]\s*|\s+at\s+)"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"

EMAIL_ANY_RE = re.compile(
    rf"(?<![\w.+-])(?P<local>[a-z0-9][a-z0-9._%+-]{{0,63}})(?P<at>{_AT_ANY})"
    rf"(?P<domain>{_LABEL}(?:{DOT_ANY}{_LABEL})*?{DOT_ANY}(?:{TLD_ALTERNATION}))(?![\w-])",
    re.IGNORECASE,
)
SPLIT_DOMAIN_RE = re.compile(
    rf"(?<![\w@-])(?P<name>{_LABEL})(?P<dot>{_DOT_OBFUSCATED})(?P<tld>{TLD_ALTERNATION})(?![\w-])",
    re.IGNORECASE,
)
# Pre-check for _repair_domains: only these shapes can be repaired (a written or bracketed
# dot, a dot with a space before it, or a dot and space before an unmistakable web ending).
SPLIT_HINT_RE = re.compile(
    rf"(?i:dot)|[\[\(\{{<]\s*\.|\s\.|\.\s+(?:{STRONG_TLD_ALTERNATION})(?![\w-])"
)
# Pre-check for _repair_emails: an @, a bracketed "at", or "at" followed by a domain-ish word.
EMAIL_HINT_RE = re.compile(
    rf"@|[\[\(\{{<]\s*at\s*[\]\)\}}>]|\bat\s+[a-z0-9-]+"
    rf"(?:\s*[\[\(\{{<]|\s+dot\b|\s+\.|\.[a-z]|\.\s+(?:{TLD_ALTERNATION})\b)",
    re.IGNORECASE,
)
WWW_SPLIT_RE = re.compile(rf"\bwww{_DOT_OBFUSCATED}", re.IGNORECASE)
SPACED_LETTERS_RE = re.compile(
    r"(?<![\w.])[A-Za-z](?P<sep>[ ._*\-])(?:[A-Za-z](?P=sep)){1,}[A-Za-z](?![\w])"
)
# Only tokens with a digit between two letters can change, so only those are visited.
LEET_CANDIDATE_RE = re.compile(
    r"(?<![\w@$])[A-Za-z0-9$]*[A-Za-z][013457$]+[A-Za-z][A-Za-z0-9$]*(?![\w@$])"
)
LEET_HINT_RE = re.compile(r"[A-Za-z][013457$]+[A-Za-z]")
HEX_RE = re.compile(r"[0-9a-fA-F]+")
LEET_INSIDE_RE = re.compile(r"(?<=[A-Za-z])[013457$]+(?=[A-Za-z])")

# A host written without a scheme: labels and dots, not inside a word or an email address.
_BARE_HOST = rf"(?<![@\w.-])(?=[a-z0-9-]+\.[a-z0-9])(?:{_LABEL}\.)+"
URL_RE = re.compile(
    # A scheme ends the link before it: "https://a.example,https://b.example" is two links.
    rf"(?:https?://|www\.)(?:(?!https?://)[^\s<>\"'\]\)])+"
    # Any ending when a path follows ("gift.live/win")...
    rf"|{_BARE_HOST}(?:{TLD_ALTERNATION})(?![\w@-])/[^\s<>\"'\]\)]*"
    # ...but an ending that is an everyday word ("sleepy.today") needs one.
    rf"|{_BARE_HOST}(?:{BARE_TLD_ALTERNATION})(?![\w@-])(?!\.[a-z0-9])",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(
    rf"(?<![\w.+-])[a-z0-9][a-z0-9._%+-]{{0,63}}@(?:{_LABEL}\.)+[a-z]{{2,}}(?![\w-])",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?<![\w+£$€/.,:-])(?:\+|00)?\(?\d[\d \t().\-]{6,22}\d(?![\w/])")
SHORT_CODE_RE = re.compile(
    r"\b(?:text|txt|send|reply|sms|call)\b[^.\n]{0,30}?\b(?:to|on)\s+\d{5,6}\b", re.IGNORECASE
)
MONEY_RE = re.compile(
    r"(?:[£$€₹₦¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion|thousand)\b)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:k|m)?\s?(?:pounds|quid|dollars|usd|gbp|eur|euros|bucks|naira|"
    r"rupees|btc|bitcoins?|eth)\b|\b\d[\d,]*(?:\.\d+)?[£$€]|\b\d+p\b)",
    re.IGNORECASE,
)
# Cheap pre-check: every money pattern has a currency sign, a currency word or "<digits>p".
MONEY_HINT_RE = re.compile(
    r"[£$€₹₦¥]|\d\s?(?:k|m)?\s?(?:pounds|quid|dollars|usd|gbp|eur|euros|bucks|naira|rupees|"
    r"btc|bitcoin|eth)|\dp\b",
    re.IGNORECASE,
)
INCOME_CLAIM_RE = re.compile(
    r"\b(?:earn(?:ed|ing|s)?|make|made|making|withdr[ae]w|withdrawing|profit(?:ed)?|won|win|"
    r"receive[ds]?|cash(?:ed)? out|paid me|pays?|returns?)\b\W+(?:\w+\W+){0,4}?"
    r"(?:[£$€₹₦]\s?\d|\d[\d,]*\s?(?:k\b|pounds|dollars|usd|btc))"
    r"|(?:[£$€₹₦]\s?\d[\d,.]*\s?k?)\s*(?:per|a|every|each)\s*(?:day|week|month|hour)\b"
    r"|(?:[£$€₹₦]\s?\d[\d,.]*\s?k?)\s*(?:daily|weekly)\b",
    re.IGNORECASE,
)
# "I make £300 a day", "I withdraw $3,000 every day", "I made $6,800 in a week": a first-person
# earning at a daily or weekly rate. Hourly pay ("I earn £12 an hour"), benefits ("I receive £81
# a week") and a group's grant ("we received £10,000") are ordinary talk in a community.
INCOME_RATE_RE = re.compile(
    r"\b(?:i|i've|i have|i'm|im)\b[^.!?\n]{0,30}?"
    r"\b(?:make|made|making|earn|earned|earning|earns|withdraw|withdrew|withdrawing|cash out|"
    r"cashed out|profit|profited)\b[^.!?\n]{0,25}?"
    r"(?:[£$€₹₦]\s?\d[\d,.]*\s?k?|\d[\d,.]*\s?(?:k\b|pounds|dollars|usd|euros))"
    r"[^.!?\n]{0,20}?(?:\b(?:a|per|every|each)\s+(?:day|week|days|weeks)\b|\b(?:daily|weekly)\b|"
    r"\bin\s+(?:just\s+|only\s+)?(?:a|one|two|\d+)\s+(?:day|days|week|weeks|hours)\b)",
    re.IGNORECASE,
)
FIVE_DIGITS_RE = re.compile(r"\d{5}")
HTML_LINK_RE = re.compile(r"<a\s[^>]*href|\[url=|\[link=", re.IGNORECASE)
WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
ENDS_WITH_CONTACT_RE = re.compile(r"(?:zzlink|zzemail|zzphone)\W*$")
ZZLINK_TAIL_RE = re.compile(r"zzlink(?: [a-z]+)*$")
CHAR_RUN_RE = re.compile(r"(\S)\1{3,}")
# "seo | web design | cheap hosting": keyword stuffing strung together with bars.
# The keywords may sit on lines of their own ("name |" then a blank line then "name |").
KEYWORD_SEPARATOR_RE = re.compile(r"\w[^|\n]{0,60}?\s\|\s+(?=[^|\n]{0,60}\w)")
# Markdown table rows ("| Item | Cost |") are a community's budgets, not keyword stuffing.
TABLE_ROW_RE = re.compile(r"^[ \t]*\|.*$", re.MULTILINE)
# A post that ends on a bare name in capitals after its last full stop ("...thanks for
# posting. Cleaning Company Dubai" or "More Info : Web Design Agency"): the business being
# advertised. Only read together with generic praise.
TRAILING_NAME_RE = re.compile(
    r"(?:^|[.!?:\n]\s*)(?:[A-Z][\w&'-]*|&)(?:[ \t]+(?:[A-Z][\w&'-]*|&|and|of|for|in|the)){1,6}"
    r"[ \t]*$"
)
SIGN_OFF_RE = re.compile(
    r"\b(?:thanks|thank you|cheers|regards|wishes|best|love|from|warmly|x+)\b[\s,!.]*"
    r"(?:[A-Z][\w'-]*[ \t]*){1,3}$",
    re.IGNORECASE,
)
# HTML that comment forms let through: anchors, line breaks and entities.
HTML_ANCHOR_RE = re.compile(
    r"<a\s[^>]*?href\s*=\s*[\"']?([^\"'\s>]+)[\"']?[^>]*>(.*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
HTML_BREAK_RE = re.compile(r"<\s*/?\s*(?:br|p|div|li|ul|ol|h\d)\b[^>]*>", re.IGNORECASE)
HTML_TAG_RE = re.compile(r"<\s*/?\s*[a-z][a-z0-9]*(?:\s[^<>]*)?/?\s*>", re.IGNORECASE)
HTML_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.IGNORECASE)
TIMESTAMP_RE = re.compile(r"\d{1,2}:\d\d(?::\d\d)?")
ISO_DATE_RE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")
IP_ADDRESS_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
