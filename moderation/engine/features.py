"""Text normalisation, contact extraction, fingerprints and named spam signals for one post."""

from __future__ import annotations

import hashlib
import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# ---------------------------------------------------------------------------------------------
# Vocabulary lists. Written for this product from what DESIGN.md says the spam looks like; they
# are deliberately general (kinds of persuasion), not phrases lifted from any data set.
# ---------------------------------------------------------------------------------------------

# Two-letter and word-like top-level domains are left out of the "spaced dot" repair because
# ordinary sentences ("It went well. In fact") would otherwise turn into domains.
STRONG_TLDS = (
    "com net org info biz xyz online site top club shop store live life world today space tech "
    "website ru cn io ly gl"
).split()
ALL_TLDS = sorted(
    set(STRONG_TLDS)
    | set(
        "uk us in me co tv ae pk ng za au ca de fr nl eu es it pl br mx ph ke gh bd lk my sg "
        "nz ie cc ws tk ml ga cf gq app dev ai link click blog news agency services solutions "
        "edu gov int bit do gd ee id to at be ch se no dk fi pt gr tr ua kr jp vn th la".split()
    ),
    key=lambda tld: (-len(tld), tld),
)
TLD_ALTERNATION = "|".join(ALL_TLDS)
# Endings that are also English words ("well . in fact"): never joined from spacing alone.
WORDLIKE_TLDS = frozenset("in me us it is to at be do no so my id la go".split())
# Newer endings that are everyday words: "so sleepy.today I" is a missing space, not a web
# address. Written without a scheme, "www." or a path, they do not count as links.
WORD_TLDS = WORDLIKE_TLDS | frozenset(
    "today live life world space site online top club shop store tech website app dev link "
    "click blog news agency services solutions".split()
)
# Endings trusted across a sentence-shaped break ("mysite. com"): never ordinary words.
BREAK_TLDS = tuple(tld for tld in STRONG_TLDS if tld not in WORD_TLDS)
STRONG_TLD_ALTERNATION = "|".join(sorted(BREAK_TLDS, key=lambda tld: (-len(tld), tld)))
BARE_TLD_ALTERNATION = "|".join(tld for tld in ALL_TLDS if tld not in WORD_TLDS)

SHORTENER_DOMAINS = frozenset(
    "bit.ly tinyurl.com goo.gl t.co ow.ly is.gd buff.ly rebrand.ly cutt.ly shorturl.at tiny.cc "
    "rb.gy bit.do t.ly s.id v.gd shorte.st adf.ly lnkd.in linktr.ee tr.im qr.co snip.ly "
    "short.io bl.ink clck.ru u.to soo.gd".split()
)
# Links that open a private chat off the forum: the point of most scam posts.
CHAT_LINK_DOMAINS = frozenset("wa.me t.me chat.whatsapp.com telegram.me m.me".split())
FREE_MAIL_DOMAINS = frozenset(
    "gmail.com googlemail.com yahoo.com yahoo.co.uk ymail.com hotmail.com hotmail.co.uk "
    "outlook.com live.com msn.com aol.com icloud.com me.com proton.me protonmail.com gmx.com "
    "gmx.net mail.com yandex.com yandex.ru zoho.com inbox.com rocketmail.com mail.ru "
    "tutanota.com qq.com 163.com".split()
)
FREE_MAIL_NAMES = frozenset(domain.split(".")[0] for domain in FREE_MAIL_DOMAINS)
# Public-sector, health and university domains: a UK practitioners' forum links to them a lot,
# and they cannot be registered by a spammer.
TRUSTED_SUFFIXES = (
    ".gov.uk", ".nhs.uk", ".nhs.net", ".ac.uk", ".police.uk", ".sch.uk", ".parliament.uk",
    ".gov", ".edu", ".mod.uk", ".gov.scot", ".gov.wales",
)
SECOND_LEVEL_LABELS = frozenset(
    "co org ac gov nhs net com sch police ltd plc me edu mod nic".split()
)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could did do does doing don down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just let me more most my myself no nor not now of off on once only or
    other ought our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself
    yourselves also get got im ive dont its thats youre one two would could may might much many
    really like just well yes hi hello thanks thank please dear ok okay""".split()
)

HOMOGLYPHS = {
    # Cyrillic letters that look like Latin ones.
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h", "ɡ": "g", "ո": "n", "ս": "u",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԍ": "G", "Ԛ": "Q", "Ԝ": "W",
    # Greek.
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "υ": "u", "χ": "x", "ε": "e",
    "τ": "t", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin look-alikes outside ASCII that NFKC leaves alone.
    "ı": "i", "ɑ": "a", "ɩ": "i", "ʟ": "l", "ᴏ": "o", "ᴄ": "c", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z",
}
HOMOGLYPH_TABLE = str.maketrans(HOMOGLYPHS)
LOOKALIKE_RE = re.compile("[" + "".join(sorted(HOMOGLYPHS)) + "]")
WORD_CHARS_RE = re.compile(r"\w+")
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s"}

# Characters that render as nothing: spammers put them inside words to dodge word filters.
# All Unicode "format" (Cf) characters plus the fillers and joiners that are not Cf. A regex
# built once is much faster per post than asking unicodedata about every character.
INVISIBLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFFA0}
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


def _phrases(*items: str) -> re.Pattern[str]:
    """Compile phrases into one case-insensitive whole-word alternation."""
    body = "|".join(sorted(set(items), key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


GET_RICH = _phrases(
    r"blank atm cards?", r"atm cards?", r"hackers?", r"hack(?:ing|ed)?", r"spell ?casters?",
    r"spells?", r"get rich", r"be rich", r"rich", r"wealth(?:y)?", r"millionaire",
    r"financial freedom", r"passive income", r"extra income", r"make money", r"making money",
    r"earn money", r"earn(?:ing)? (?:extra|up to|over)", r"work from home", r"online jobs?",
    r"bitcoin", r"btc", r"crypto(?:currency)?", r"forex", r"binary options?",
    r"investment (?:platform|plan|scheme|opportunity)", r"trading platform", r"profits?",
    r"returns? on investment", r"double your", r"loan lender", r"private lender",
    r"loans? (?:offer|approved)", r"no credit check", r"credit score",
    # Not bare "lottery": UK community groups are funded by the National Lottery.
    r"lottery (?:win(?:ner|nings)?|prize|jackpot|claim)", r"won (?:the|a) lottery", r"jackpot",
    r"casino", r"betting", r"recover(?:y)? (?:agent|expert|specialist|team)",
    r"fund(?:s)? recovery", r"untraceable", r"withdr[ae]w", r"cash ?app", r"paypal",
    r"western union", r"gift cards?", r"sugar (?:daddy|mummy|mommy)", r"inheritance",
)
PRIZE = _phrases(
    r"win", r"wins", r"won", r"winner", r"winning", r"prizes?", r"claim(?:ed)?", r"awarded",
    r"congratulations", r"congrats", r"selected", r"lucky", r"guaranteed", r"bonus",
    r"cash prize", r"free entry", r"free gift", r"vouchers?", r"rewards?", r"draw",
    r"you have been chosen", r"100% free",
)
URGENCY = _phrases(
    r"urgent(?:ly)?", r"immediately", r"act now", r"hurry", r"limited (?:time|offer|slots?)",
    r"expires?", r"expiring", r"last chance", r"don'?t miss", r"asap", r"right now",
    r"within \d+ (?:hours|days)", r"only \d+ left", r"final notice", r"today only",
    r"before it'?s too late",
)
SECRECY = _phrases(
    r"secret(?:ly)?", r"confidential", r"discreet(?:ly)?", r"don'?t tell", r"no one will know",
    r"nobody will know", r"private(?:ly)? (?:chat|message)", r"off the record", r"hidden",
    r"cannot be traced", r"can'?t be traced", r"100% safe",
)
CHAT_APPS = _phrases(
    r"whats ?app", r"telegram", r"wechat", r"viber", r"kik", r"snapchat", r"signal app",
    r"wickr", r"hangouts?", r"dm me", r"inbox me", r"pm me", r"hit me up",
)
# Sending readers to a third person ("contact him", "email the hackers") rather than the poster.
THIRD_PARTY_CONTACT = _phrases(
    r"contact (?:him|her|them|dr|doctor|mr|mrs|ms|the (?:team|hackers?|company|agent))",
    r"email (?:him|her|them|dr|the (?:hackers?|team))",
    r"reach (?:him|her|them|out to (?:him|her|dr))",
    r"(?:his|her) (?:email|whats ?app|number|contact)", r"text (?:him|her|them)",
    r"call (?:him|her|them)", r"write to (?:him|her)", r"get in touch with (?:him|her|dr)",
    r"tell (?:him|her|them) \w+ (?:sent|referred) you", r"(?:sent|referred) you",
    r"he (?:helped|cured|saved) me", r"she (?:helped|cured|saved) me",
)
CALL_TO_CONTACT = _phrases(
    r"call now", r"call us now", r"call today", r"text now", r"ring now", r"email me",
    r"mail me", r"message me", r"contact me (?:on|via|at|through)", r"contact us (?:on|via|now)",
    r"reply (?:yes|now|stop|win)", r"send (?:me|us) (?:a )?(?:message|mail|email|text)",
    r"for more (?:info|information|details)", r"more info", r"click here", r"click (?:the )?link",
    r"visit (?:us|our (?:site|website|page)|my (?:site|website|page))", r"visit",
    r"log ?on to", r"dial",
)
SELF_PROMOTION = _phrases(
    r"subscribe (?:to (?:me|my|our)|back|now|please)", r"please subscribe", r"sub to (?:me|my)",
    r"my channel", r"our channel", r"check (?:out )?(?:my|our)",
    r"check (?:out )?(?:this|the) (?:video|channel|song|track|page|vid)", r"visit my",
    r"follow me", r"follow (?:my|our) (?:page|account|channel)", r"like my",
    r"like (?:this|my) comment", r"give (?:it|me|this) a (?:like|thumbs up)",
    r"my (?:new )?(?:video|vid|page|website|site|blog|song|music|cover|account)",
    r"support me", r"sub ?4 ?sub", r"subscribe back", r"my youtube", r"follow back",
)
GENERIC_PRAISE = _phrases(
    r"(?:thanks?|thankyou|thanx|thnx) ?(?:you )?for "
    r"(?:sharing|posting|writing|the (?:post|article|info|information))",
    r"(?:writing|blogging) style", r"mind[- ]?boggling", r"bookmark(?:ed)? (?:it|this|your)",
    r"nice (?:post|article|blog|information|info|sharing)",
    r"great (?:post|article|blog|information|info|share|content|work)",
    r"(?:very|really|so) (?:informative|helpful|useful|nice)", r"informative",
    r"keep (?:it up|up the (?:good|great) work|posting|sharing)", r"awesome (?:post|article)",
    r"wonderful (?:post|article|information)", r"useful information", r"i really appreciate",
    r"appreciate your (?:work|effort|post)", r"enjoyed reading", r"well written",
    r"mind blowing", r"amazing (?:post|article|blog)",
)
TECH_SUPPORT = _phrases(
    r"customer (?:service|support|care)(?: number)?", r"support (?:number|phone|helpline)",
    r"help ?(?:line|desk) number", r"toll ?free", r"tech(?:nical)? support",
    r"contact number", r"24 ?[/x] ?7", r"round the clock", r"(?:printer|router) (?:support|help)",
    r"antivirus", r"quickbooks", r"support (?:services?|experts?|team)",
)
TESTIMONY = _phrases(
    r"testimony", r"testify", r"god bless", r"praise (?:the lord|god|be)", r"amen", r"jesus",
    r"lord", r"almighty", r"i want to thank", r"i will (?:forever|never stop)",
    r"(?:my|her|his) ex(?:[- ](?:lover|husband|wife|boyfriend|girlfriend))?",
    r"bring (?:back|my)", r"love spell", r"herbal", r"herbalist", r"cured?", r"herpes", r"hiv",
    r"miracle", r"great man", r"powerful", r"real and genuine", r"legit",
)
SEO_PROMOTION = _phrases(
    r"best (?:seo|digital marketing|training|institute|company|services?)",
    r"(?:training|course|classes|services|company|agency|institute) in [a-z]+", r"seo",
    r"digital marketing", r"web design", r"backlinks?", r"for rent", r"for sale",
    r"buy (?:now|online|cheap)", r"cheap", r"discount", r"coupon", r"promo code", r"% off",
    r"order now", r"shop now", r"best price", r"top quality", r"packers and movers",
)
ADULT_PHARMA = _phrases(
    r"sexy", r"sex", r"porn", r"xxx", r"nude", r"escorts?", r"dating", r"hot singles",
    r"viagra", r"cialis", r"pharmacy", r"pills?", r"weight loss", r"diet pills", r"adult",
    r"hookup", r"onlyfans",
)
PREMIUM_SMS = _phrases(
    r"txt", r"t ?& ?cs?", r"t ?and ?c", r"18\+", r"per (?:msg|min|minute|txt|text|week)",
    r"\d+p ?(?:/|per) ?(?:min|msg|txt)", r"std (?:ntwk|network) (?:chgs|charges)",
    r"opt ?out", r"stop to \d+", r"ringtones?", r"unsubscribe",
)

# Someone reporting a problem or asking how to do something: what members and readers write,
# and what advertisers almost never do.
PROBLEM_REPORT = _phrases(
    r"errors?", r"not working", r"(?:does|do|did)(?:n'?t| not) work", r"isn'?t working",
    r"crash(?:es|ed|ing)?", r"fail(?:s|ed|ing)", r"stuck", r"broken", r"bugs?", r"typo",
    r"how (?:do|can|should) (?:i|we|you)", r"is there a (?:way|version|setting)",
    r"any ideas?", r"what am i doing wrong", r"i (?:get|got|keep getting)",
    r"(?:could|can) you (?:explain|share|show|clarify)", r"i'?m (?:confused|not sure)",
    r"which one", r"what does", r"does anyone (?:know|have)",
)

LEXICONS = {
    "get_rich_words": GET_RICH, "prize_words": PRIZE, "urgency_words": URGENCY,
    "secrecy_words": SECRECY, "chat_app_words": CHAT_APPS,
    "third_party_contact": THIRD_PARTY_CONTACT, "call_to_contact": CALL_TO_CONTACT,
    "self_promotion": SELF_PROMOTION, "generic_praise": GENERIC_PRAISE,
    "tech_support_words": TECH_SUPPORT, "testimony_words": TESTIMONY, "seo_words": SEO_PROMOTION,
    "adult_pharma_words": ADULT_PHARMA, "premium_sms_words": PREMIUM_SMS,
    "problem_report": PROBLEM_REPORT,
}


_PHRASE_PREFIX, _PHRASE_SUFFIX = "(?<![\\w])(?:", ")(?![\\w])"


def _branches(pattern: re.Pattern[str]) -> list[str]:
    """The top-level alternatives of a `_phrases` pattern."""
    body = pattern.pattern[len(_PHRASE_PREFIX) : -len(_PHRASE_SUFFIX)]
    branches, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(body):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(body[start:index])
            start = index + 1
    branches.append(body[start:])
    return branches


def _combine(lexicons: dict[str, re.Pattern[str]]) -> re.Pattern[str]:
    """One pass over the text for every word list, its alternatives grouped by first letter.

    Python's regex engine tries alternatives one by one at every word start; with some 300
    phrases that made this the costliest step in scoring. Grouping them under their first
    character lets one comparison rule out most of them. Which list a match belongs to is
    worked out afterwards from the matched text (`_lexicon_of`).
    """
    groups: dict[str, list[str]] = {}
    general: list[str] = []
    for pattern in lexicons.values():
        for branch in _branches(pattern):
            first, rest = branch[:1], branch[1:]
            if first.isascii() and first.isalnum() and not rest.startswith(("?", "*", "+", "{")):
                groups.setdefault(first, []).append(rest)
            else:
                general.append(branch)
    parts = [
        re.escape(first) + "(?:" + "|".join(sorted(set(rests), key=len, reverse=True)) + ")"
        for first, rests in sorted(groups.items())
    ]
    parts.extend(sorted(set(general), key=len, reverse=True))
    return re.compile(_PHRASE_PREFIX + "|".join(parts) + _PHRASE_SUFFIX)


LEXICON_RE = _combine(LEXICONS)
_LEXICON_OF: dict[str, str | None] = {}


def _lexicon_of(phrase: str) -> str | None:
    """The first word list (in LEXICONS order) that the matched phrase belongs to."""
    try:
        return _LEXICON_OF[phrase]
    except KeyError:
        pass
    name = next((name for name, pattern in LEXICONS.items() if pattern.fullmatch(phrase)),
                None)
    if len(_LEXICON_OF) > 100_000:
        _LEXICON_OF.clear()
    _LEXICON_OF[phrase] = name
    return name


def lexicon_counts(lowered: str) -> Counter[str]:
    """How often each word list matches in lower-cased text."""
    counts: Counter[str] = Counter()
    for phrase in LEXICON_RE.findall(lowered):
        name = _lexicon_of(phrase)
        if name is not None:
            counts[name] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# Regular expressions for normalisation and extraction.
# ---------------------------------------------------------------------------------------------

_DOT_OBFUSCATED = r"(?:\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*|\s+dot\s+|\s+\.\s*|\s*\.\s+)"
_DOT_ANY = r"(?:\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*|\s+dot\s+|\s*\.\s*)"
_AT_ANY = r"(?:\s*@\s*|\s*[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]\s*|\s+at\s+)"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"

EMAIL_ANY_RE = re.compile(
    rf"(?<![\w.+-])(?P<local>[a-z0-9][a-z0-9._%+-]{{0,63}})(?P<at>{_AT_ANY})"
    rf"(?P<domain>{_LABEL}(?:{_DOT_ANY}{_LABEL})*?{_DOT_ANY}(?:{TLD_ALTERNATION}))(?![\w-])",
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
    rf"(?:https?://|www\.)[^\s<>\"'\]\)]+"
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

# ---------------------------------------------------------------------------------------------
# Normalisation.
# ---------------------------------------------------------------------------------------------


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
        domain = re.sub(_DOT_ANY, ".", domain_raw, flags=re.IGNORECASE).lower()
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


# ---------------------------------------------------------------------------------------------
# Contacts: links, emails, phone numbers.
# ---------------------------------------------------------------------------------------------


def registered_domain(host: str) -> str:
    """The part of a host name someone registers: `www.leeds.ac.uk` -> `leeds.ac.uk`."""
    host = host.lower().strip(".").split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL_LABELS and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _url_host(url: str) -> str:
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    return re.split(r"[/?#]", url, maxsplit=1)[0]


def is_trusted_domain(domain: str) -> bool:
    domain = "." + domain.lower()
    return domain.endswith(TRUSTED_SUFFIXES)


ISO_DATE_RE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")
IP_ADDRESS_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
TOLL_FREE_US = frozenset("800 888 877 866 855 844 833".split())


def normalise_phone(raw: str) -> str | None:
    """E.164-style digits for a phone-looking string, or None when it is not a phone number."""
    digits = re.sub(r"\D", "", raw)
    plus = raw.lstrip().startswith("+")
    if raw.isdigit() and not (digits.startswith(("0", "1")) or digits[:3] in TOLL_FREE_US):
        return None  # an unbroken run of digits is a timestamp or id more often than a phone
    if raw.lstrip().startswith("00") and not plus:
        digits, plus = digits[2:], True
    if not 9 <= len(digits) <= 15:
        return None
    groups = re.findall(r"\d+", raw)
    # Dates ("2019-01-24"), clock times and dotted addresses ("80.92.254.68") in pasted logs.
    if ISO_DATE_RE.search(raw) or IP_ADDRESS_RE.fullmatch(raw.strip()):
        return None
    # Runs of years ("2019 2020 2021") and decimal-looking numbers are not phones.
    if all(re.fullmatch(r"(?:19|20)\d\d", group) for group in groups):
        return None
    if plus:
        if digits.startswith("440"):
            digits = "44" + digits[3:]
        return "+" + digits
    if digits.startswith("0") and len(digits) in (10, 11):
        return "+44" + digits[1:]
    if len(digits) == 10 and digits[0] in "23456789":
        return "+1" + digits
    if len(digits) == 11 and digits.startswith("1"):
        return "+" + digits
    return digits


def _phone_kind(phone: str) -> str:
    if phone.startswith(("+1800", "+1888", "+1877", "+1866", "+1855", "+1844", "+1833",
                         "+44800", "+44808")):
        return "toll_free"
    if phone.startswith(("+449", "+44871", "+44872", "+44873")):
        return "premium"
    if phone.startswith("+447"):
        return "uk_mobile"
    if phone.startswith(("+44", "+1")) or not phone.startswith("+"):
        return "domestic"
    return "international"


@dataclass(frozen=True, slots=True)
class Contacts:
    """Normalised ways to reach someone named in a post, for campaign purges and bans."""

    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.emails or self.phones or self.domains)


def _find_contacts(clean: str) -> tuple[list[str], list[str], list[str], list[tuple[int, int]]]:
    """Emails, phones, URLs found in normalised text, with the character spans they cover."""
    spans: list[tuple[int, int]] = []
    emails = []
    for match in EMAIL_RE.finditer(clean) if "@" in clean else ():
        emails.append(match.group(0).lower().rstrip("."))
        spans.append(match.span())
    urls = []
    for match in URL_RE.finditer(clean):
        if any(start <= match.start() < end for start, end in spans):
            continue
        urls.append(match.group(0).rstrip(".,;:!?"))
        spans.append(match.span())
    phones = []
    for match in PHONE_RE.finditer(clean):
        if any(start <= match.start() < end for start, end in spans):
            continue
        phone = normalise_phone(match.group(0))
        if phone:
            phones.append(phone)
            spans.append(match.span())
    return emails, phones, urls, spans


def extract_contacts(text: str) -> Contacts:
    """Emails, phone numbers (E.164-style) and link domains in a post, disguises undone."""
    clean = normalise(text).text
    emails, phones, urls, _ = _find_contacts(clean)
    domains = [registered_domain(_url_host(url)) for url in urls]
    return Contacts(
        emails=tuple(dict.fromkeys(emails)),
        phones=tuple(dict.fromkeys(phones)),
        domains=tuple(dict.fromkeys(domain for domain in domains if "." in domain)),
    )


# ---------------------------------------------------------------------------------------------
# Fingerprints for near-duplicates and campaigns.
# ---------------------------------------------------------------------------------------------

FINGERPRINT_BITS = 64
# Measured on the dev file: at 0.85, 76% of posts with one word changed match their original
# (41% at 0.9), and every pair of different posts from 0.8 to 0.9 was a variant of one scam.
NEAR_DUPLICATE_SIMILARITY = 0.85


def fingerprint(text: str) -> int:
    """A 64-bit SimHash of the post's normalised text, as a signed integer (fits a BigInteger
    column). Posts that differ only by a phone number, email or a few words get close values.
    """
    flat = " ".join(analysis_text(text).lower().split())
    if not flat:
        return 0
    # Character shingles: short posts still give enough of them for a stable hash.
    shingles = [flat[i : i + 5] for i in range(max(1, len(flat) - 4))]
    weights = np.zeros(FINGERPRINT_BITS)
    bits = np.arange(FINGERPRINT_BITS, dtype=np.uint64)
    for shingle, count in Counter(shingles).items():
        value = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        on = (np.uint64(value) >> bits) & np.uint64(1)
        weights += np.where(on == 1, count, -count)
    unsigned = 0
    for bit in range(FINGERPRINT_BITS):
        if weights[bit] > 0:
            unsigned |= 1 << bit
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def fingerprint_similarity(first: int, second: int) -> float:
    """Share of fingerprint bits two posts have in common: 1.0 same, about 0.5 unrelated."""
    differing = ((first ^ second) & ((1 << FINGERPRINT_BITS) - 1)).bit_count()
    return 1.0 - differing / FINGERPRINT_BITS


def is_near_duplicate(first: int, second: int, *, at_least: float = NEAR_DUPLICATE_SIMILARITY
                      ) -> bool:
    return fingerprint_similarity(first, second) >= at_least


# ---------------------------------------------------------------------------------------------
# Per-post context and the community's vocabulary.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostContext:
    """What the forum knows about a post beyond its text. Every field may be left unknown
    (None or empty): unknown counts as neutral, so CSV rows and anonymous previews score on text.
    """

    account_age_days: float | None = None
    trust_level: int | None = None
    approved_posts: int | None = None
    rejected_posts: int | None = None
    posts_last_hour: int | None = None
    thread_title: str | None = None
    known_domains: frozenset[str] = field(default_factory=frozenset)
    near_duplicate_count: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.known_domains, frozenset):
            object.__setattr__(self, "known_domains", frozenset(self.known_domains))

    @property
    def is_neutral(self) -> bool:
        return all(
            value is None
            for value in (self.account_age_days, self.trust_level, self.approved_posts,
                          self.rejected_posts, self.posts_last_hour, self.near_duplicate_count)
        ) and not self.thread_title


NEUTRAL_CONTEXT = PostContext()
MAX_TRUST_LEVEL = 4


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that carry meaning (no stopwords)."""
    return [
        word
        for word in WORD_RE.findall(text.lower())
        if len(word) >= 3 and word not in STOPWORDS and not word.startswith("zz")
    ]


@dataclass(slots=True)
class CommunityVocabulary:
    """Words the community itself uses (from its legitimate posts), for off-topic detection."""

    document_frequency: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    min_documents: int = 2

    @classmethod
    def fit(cls, texts: Iterable[str], *, min_documents: int = 2) -> CommunityVocabulary:
        counts: Counter[str] = Counter()
        documents = 0
        for text in texts:
            documents += 1
            counts.update(set(content_words(analysis_text(text))))
        kept = {word: count for word, count in counts.items() if count >= min_documents}
        return cls(document_frequency=kept, documents=documents, min_documents=min_documents)

    @classmethod
    def from_words(cls, words_per_document: Iterable[Iterable[str]], *, min_documents: int = 2
                   ) -> CommunityVocabulary:
        counts: Counter[str] = Counter()
        documents = 0
        for words in words_per_document:
            documents += 1
            counts.update(set(words))
        kept = {word: count for word, count in counts.items() if count >= min_documents}
        return cls(document_frequency=kept, documents=documents, min_documents=min_documents)

    def unfamiliar_share(self, words: Sequence[str]) -> float:
        """Share of a post's words the community has not used, smoothed towards one half so a
        three-word post is not called off-topic on the strength of one rare word."""
        if not words:
            return 0.5
        unknown = sum(1 for word in words if word not in self.document_frequency)
        return (unknown + 1.0) / (len(words) + 2.0)


# ---------------------------------------------------------------------------------------------
# Analysis of one post and its named signals.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signal:
    """One engineered signal: a stable name and how a moderator would read it."""

    name: str
    description: str


TEXT_SIGNALS: tuple[Signal, ...] = (
    Signal("links", "has links"),
    Signal("shortened_links", "uses a link shortener"),
    Signal("chat_links", "links to a private chat (WhatsApp, Telegram)"),
    Signal("unknown_domains", "links to sites the community has not used"),
    Signal("trusted_domains", "links to public-sector, NHS or university sites"),
    Signal("html_links", "contains HTML or BBCode link markup"),
    Signal("keyword_anchors", "hides a link behind keyword text (HTML anchor)"),
    Signal("keyword_separators", "strings keywords together with | separators"),
    Signal("emails", "has an email address"),
    Signal("free_mail", "gives a free webmail address (Gmail, Outlook, Yahoo...)"),
    Signal("phones", "has a phone number"),
    Signal("toll_free_phone", "gives a toll-free support-style number"),
    Signal("premium_phone", "gives a premium-rate number"),
    Signal("international_phone", "gives a phone number from outside the UK and US"),
    Signal("sms_short_code", "asks you to text a short code"),
    Signal("contact_at_end", "ends with a link or contact details"),
    Signal("money", "mentions sums of money"),
    Signal("large_money", "mentions large sums of money"),
    Signal("income_claim", "claims money earned, won or paid out"),
    Signal("income_rate_claim", "claims to earn a sum every day or week"),
    Signal("get_rich_words", "get-rich, hacking or lending language"),
    Signal("prize_words", "prize or winning language"),
    Signal("urgency_words", "urgency (now, today, hurry)"),
    Signal("secrecy_words", "secrecy (discreet, untraceable)"),
    Signal("chat_app_words", "asks to move to WhatsApp, Telegram or private messages"),
    Signal("third_party_contact", "tells readers to contact a third person"),
    Signal("call_to_contact", "calls to visit, click, call or email"),
    Signal("self_promotion", "promotes the poster's own channel or site"),
    Signal("generic_praise", "generic praise (\"thanks for sharing\", \"nice post\")"),
    Signal("praise_with_link", "generic praise together with a link"),
    Signal("praise_with_name", "generic praise ending on a business or site name"),
    Signal("tech_support_words", "tech-support or customer-service advert wording"),
    Signal("testimony_words", "testimony, miracle or spell language"),
    Signal("seo_words", "sales or search-engine promotion wording"),
    Signal("adult_pharma_words", "adult, dating or pharmacy wording"),
    Signal("premium_sms_words", "premium text-message wording (txt, T&Cs, per msg)"),
    Signal("problem_report", "reports a problem or asks how to do something"),
    Signal("questions", "asks questions"),
    Signal("money_with_contact", "money or get-rich talk together with contact details"),
    Signal("invisible_chars", "contains invisible characters"),
    Signal("lookalike_letters", "uses look-alike letters from other alphabets"),
    Signal("leetspeak", "swaps digits for letters inside words"),
    Signal("spaced_letters", "spaces out the letters of words"),
    Signal("split_domains", "disguises a web address (\"site dot com\")"),
    Signal("obfuscated_emails", "disguises an email address (\"name at gmail dot com\")"),
    Signal("capitals", "much of it in capitals"),
    Signal("exclamations", "many exclamation marks"),
    Signal("length", "length of the post"),
    Signal("short_post", "very short post"),
    Signal("digits", "share of digits"),
    Signal("off_topic", "words the community rarely uses (off-topic)"),
)
CONTEXT_SIGNALS: tuple[Signal, ...] = (
    Signal("new_account", "new account"),
    Signal("trusted_member", "trusted member"),
    Signal("approved_history", "has earlier posts approved"),
    Signal("rejected_history", "has earlier posts rejected"),
    Signal("posting_burst", "many posts in the last hour"),
    Signal("off_thread", "unrelated to the thread's title"),
    Signal("near_duplicates", "near-duplicate of other recent posts"),
    Signal("new_account_with_contact", "new account posting links or contact details"),
)
TEXT_SIGNAL_NAMES = tuple(signal.name for signal in TEXT_SIGNALS)
CONTEXT_SIGNAL_NAMES = tuple(signal.name for signal in CONTEXT_SIGNALS)
DESCRIPTIONS = {signal.name: signal.description for signal in (*TEXT_SIGNALS, *CONTEXT_SIGNALS)}

# Cold-start weights (log-odds) for context signals, used until the model has been trained on
# enough posts that carry context to learn its own. Chosen by reasoning, not fitted: a new
# account posting contact details or a near-duplicate is suspicious; a track record helps.
CONTEXT_PRIOR_WEIGHTS = {
    "new_account": 0.8,
    "trusted_member": -2.0,
    "approved_history": -0.4,
    "rejected_history": 1.0,
    "posting_burst": 0.8,
    "off_thread": 0.6,
    "near_duplicates": 1.0,
    "new_account_with_contact": 1.0,
}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything about a post's text that does not depend on the trained model."""

    text: str  # normalised, with links/emails/phones/money replaced by placeholder words
    words: tuple[str, ...]
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    domains: tuple[str, ...]
    base: np.ndarray  # text signals that need neither the vocabulary nor known domains

    @property
    def has_contact(self) -> bool:
        return bool(self.emails or self.phones or self.domains)


_BASE_INDEX = {name: index for index, name in enumerate(TEXT_SIGNAL_NAMES)}


def _placeholder_text(clean: str, spans: list[tuple[int, int]], emails: set[int],
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


def _log_count(count: int | float) -> float:
    return math.log1p(count)


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_DIGITS = b"0123456789"


def _char_classes(text: str) -> tuple[int, int, int]:
    """Letters, capitals and digits in the text (bytes.translate for plain ASCII: fast)."""
    if text.isascii():
        raw = text.encode("ascii")
        size = len(raw)
        return (size - len(raw.translate(None, _ASCII_LETTERS)),
                size - len(raw.translate(None, _ASCII_UPPER)),
                size - len(raw.translate(None, _ASCII_DIGITS)))
    return (sum(map(str.isalpha, text)), sum(map(str.isupper, text)),
            sum(map(str.isdigit, text)))


def _money_amounts(clean: str) -> list[float]:
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


def analyse(text: str) -> Analysis:
    """Normalise a post and measure everything that depends on its text alone."""
    norm = normalise(text)
    clean = norm.text
    emails, phones, urls, spans = _find_contacts(clean)
    n_email = len(emails)
    email_idx = set(range(n_email))
    url_idx = set(range(n_email, n_email + len(urls)))
    phone_idx = set(range(n_email + len(urls), len(spans)))
    hosts = [_url_host(url).lower() for url in urls]
    domains = tuple(registered_domain(host) for host in hosts)
    with_placeholders = _placeholder_text(clean, spans, email_idx, url_idx, phone_idx)
    # The last few words, contact placeholders kept: "...visit: <link>" ends on the point.
    tail = " ".join(with_placeholders.lower().split()[-8:]).rstrip(" .!)")
    tail = ZZLINK_TAIL_RE.sub("zzlink", tail)
    has_money_hint = bool(MONEY_HINT_RE.search(clean))
    if has_money_hint:
        with_placeholders = MONEY_RE.sub(lambda m: f" zzmoney {m.group(0)} ", with_placeholders)
    lowered = with_placeholders.lower()
    money_values = _money_amounts(clean) if has_money_hint else []

    phone_kinds = Counter(_phone_kind(phone) for phone in phones)
    free_mail = sum(1 for email in emails if email.split("@", 1)[1] in FREE_MAIL_DOMAINS)
    shorteners = sum(1 for host, domain in zip(hosts, domains, strict=True)
                     if domain in SHORTENER_DOMAINS or host in SHORTENER_DOMAINS)
    chat_links = sum(1 for host, domain in zip(hosts, domains, strict=True)
                     if domain in CHAT_LINK_DOMAINS or host in CHAT_LINK_DOMAINS)
    has_contact = bool(emails or phones or urls)

    lexicon = lexicon_counts(lowered)
    get_rich = lexicon["get_rich_words"]
    prize = lexicon["prize_words"]
    income = len(INCOME_CLAIM_RE.findall(clean)) if money_values else 0
    praise = lexicon["generic_praise"]

    letters, capitals, digits = _char_classes(clean)
    words = content_words(with_placeholders)
    n_chars = len(clean.strip())
    short_codes = len(SHORT_CODE_RE.findall(clean)) if FIVE_DIGITS_RE.search(clean) else 0
    html_links = len(HTML_LINK_RE.findall(text)) if "<" in text or "[" in text else 0
    separators = (len(KEYWORD_SEPARATOR_RE.findall(TABLE_ROW_RE.sub("", clean)))
                  if "|" in clean else 0)
    trailing_name = bool(praise and not has_contact and TRAILING_NAME_RE.search(clean)
                         and not SIGN_OFF_RE.search(clean[-60:]))
    log = math.log1p

    values = np.array((
        log(len(urls)),  # links
        log(shorteners),  # shortened_links
        log(chat_links),  # chat_links
        0.0,  # unknown_domains: needs the known domains, filled in by text_signal_values
        log(sum(1 for domain in domains if is_trusted_domain(domain))),  # trusted_domains
        log(html_links),  # html_links
        log(norm.keyword_anchors),  # keyword_anchors
        log(separators if separators >= 2 else 0),  # keyword_separators
        log(n_email),  # emails
        log(free_mail),  # free_mail
        log(len(phones)),  # phones
        log(phone_kinds["toll_free"]),  # toll_free_phone
        log(phone_kinds["premium"]),  # premium_phone
        log(phone_kinds["international"]),  # international_phone
        log(short_codes),  # sms_short_code
        1.0 if ENDS_WITH_CONTACT_RE.search(tail) else 0.0,  # contact_at_end
        log(len(money_values)),  # money
        log(sum(1 for amount in money_values if amount >= 1_000)),  # large_money
        log(income),  # income_claim
        log(len(INCOME_RATE_RE.findall(clean)) if money_values else 0),  # income_rate_claim
        log(get_rich),  # get_rich_words
        log(prize),  # prize_words
        log(lexicon["urgency_words"]),  # urgency_words
        log(lexicon["secrecy_words"]),  # secrecy_words
        log(lexicon["chat_app_words"] + chat_links),  # chat_app_words
        log(lexicon["third_party_contact"]),  # third_party_contact
        log(lexicon["call_to_contact"]),  # call_to_contact
        log(lexicon["self_promotion"]),  # self_promotion
        log(praise),  # generic_praise
        1.0 if praise and urls else 0.0,  # praise_with_link
        1.0 if trailing_name else 0.0,  # praise_with_name
        log(lexicon["tech_support_words"]),  # tech_support_words
        log(lexicon["testimony_words"]),  # testimony_words
        log(lexicon["seo_words"]),  # seo_words
        log(lexicon["adult_pharma_words"]),  # adult_pharma_words
        log(lexicon["premium_sms_words"]),  # premium_sms_words
        log(lexicon["problem_report"]),  # problem_report
        log(min(clean.count("?"), 3)),  # questions
        1.0 if has_contact and (get_rich or income or prize >= 2) else 0.0,  # money_with_contact
        log(norm.invisible_chars),  # invisible_chars
        log(norm.lookalike_words),  # lookalike_letters
        log(norm.leet_words),  # leetspeak
        log(norm.spaced_words),  # spaced_letters
        log(norm.split_domains),  # split_domains
        log(norm.obfuscated_emails),  # obfuscated_emails
        min(1.0, capitals / letters) if letters >= 12 else 0.0,  # capitals
        log(clean.count("!")),  # exclamations
        log(n_chars) / 8.0,  # length
        1.0 if len(words) < 4 else 0.0,  # short_post
        digits / max(1, n_chars),  # digits
        0.0,  # off_topic: needs the community's vocabulary, filled in by text_signal_values
    ))
    return Analysis(
        # Long runs ("!!!!!!!!", "soooooo") read as three: their length is style, not spam.
        text=CHAR_RUN_RE.sub(r"\1\1\1", with_placeholders),
        words=tuple(words),
        emails=tuple(emails),
        phones=tuple(phones),
        domains=domains,
        base=values,
    )


def analysis_text(text: str) -> str:
    """The normalised text with placeholder words, as the n-gram features see it."""
    return analyse(text).text


def text_signal_values(
    analysis: Analysis,
    *,
    vocabulary: CommunityVocabulary | None,
    known_domains: frozenset[str] | set[str] = frozenset(),
    context: PostContext | None = None,
) -> np.ndarray:
    """The TEXT_SIGNALS vector: the analysis plus what needs the community's vocabulary and
    the domains it already knows."""
    values = analysis.base.copy()
    extra = context.known_domains if context is not None else frozenset()
    unknown = sum(
        1
        for domain in analysis.domains
        if domain not in known_domains and domain not in extra and not is_trusted_domain(domain)
    )
    values[_BASE_INDEX["unknown_domains"]] = _log_count(unknown)
    off_topic = vocabulary.unfamiliar_share(analysis.words) if vocabulary is not None else 0.5
    values[_BASE_INDEX["off_topic"]] = off_topic
    return values


def context_signal_values(analysis: Analysis, context: PostContext | None) -> np.ndarray:
    """The CONTEXT_SIGNALS vector; all zeros for an unknown context."""
    values = np.zeros(len(CONTEXT_SIGNAL_NAMES), dtype=np.float64)
    if context is None or context.is_neutral:
        return values
    newness = 0.0
    if context.account_age_days is not None:
        newness = 1.0 / (1.0 + max(0.0, float(context.account_age_days)) / 7.0)
    trusted = 0.0
    if context.trust_level is not None:
        trusted = min(max(context.trust_level, 0), MAX_TRUST_LEVEL) / MAX_TRUST_LEVEL
    off_thread = 0.0
    if context.thread_title:
        title_words = set(content_words(context.thread_title))
        if len(title_words) >= 2 and len(analysis.words) >= 5:
            overlap = len(title_words & set(analysis.words)) / len(title_words)
            off_thread = 1.0 - overlap
    values[:] = (
        newness,
        trusted,
        _log_count(max(0, context.approved_posts or 0)),
        _log_count(max(0, context.rejected_posts or 0)),
        _log_count(max(0, (context.posts_last_hour or 0) - 2)),
        off_thread,
        _log_count(max(0, context.near_duplicate_count or 0)),
        newness if analysis.has_contact else 0.0,
    )
    return values


@dataclass(frozen=True, slots=True)
class FiredSignal:
    """A rule-like reason shown beside the score: which signal, in plain words, and detail."""

    name: str
    description: str
    detail: str = ""


# Signals that read as a reason when present; the rest (length, digits...) only feed the model.
_RULE_LIKE = (
    "shortened_links", "chat_links", "unknown_domains", "html_links", "keyword_anchors",
    "keyword_separators", "praise_with_name", "free_mail",
    "toll_free_phone", "premium_phone", "international_phone", "sms_short_code", "income_claim",
    "income_rate_claim",
    "get_rich_words", "secrecy_words", "chat_app_words", "third_party_contact", "praise_with_link",
    "tech_support_words", "testimony_words", "adult_pharma_words", "money_with_contact",
    "invisible_chars", "lookalike_letters", "leetspeak", "spaced_letters", "split_domains",
    "obfuscated_emails",
)


def fired_signals(
    analysis: Analysis,
    *,
    text_values: np.ndarray,
    context_values: np.ndarray,
    known_domains: frozenset[str] | set[str] = frozenset(),
) -> list[FiredSignal]:
    """Plain-word reasons present in the post, independent of how the model weighs them."""
    fired: list[FiredSignal] = []
    for name in _RULE_LIKE:
        if text_values[_BASE_INDEX[name]] <= 0:
            continue
        detail = ""
        if name in ("unknown_domains", "shortened_links", "chat_links"):
            detail = ", ".join(
                domain for domain in dict.fromkeys(analysis.domains)
                if name != "unknown_domains" or domain not in known_domains
            )
        elif name in ("free_mail", "obfuscated_emails"):
            detail = ", ".join(analysis.emails)
        elif name.endswith("_phone"):
            detail = ", ".join(analysis.phones)
        fired.append(FiredSignal(name, DESCRIPTIONS[name], detail))
    if text_values[_BASE_INDEX["capitals"]] >= 0.5:
        fired.append(FiredSignal("capitals", DESCRIPTIONS["capitals"]))
    if text_values[_BASE_INDEX["off_topic"]] >= 0.85 and len(analysis.words) >= 8:
        fired.append(FiredSignal("off_topic", DESCRIPTIONS["off_topic"]))
    thresholds = {"new_account": 0.5, "rejected_history": 0.1, "posting_burst": 0.1,
                  "off_thread": 0.99, "near_duplicates": 0.1, "new_account_with_contact": 0.5}
    for index, name in enumerate(CONTEXT_SIGNAL_NAMES):
        if name in thresholds and context_values[index] >= thresholds[name]:
            fired.append(FiredSignal(name, DESCRIPTIONS[name]))
    return fired
