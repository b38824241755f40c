"""Word lists the spam signals read: web endings, known domains, stopwords, look-alike letters
and the phrase lists of persuasion (get-rich, prizes, urgency...), matched in one pass."""

from __future__ import annotations

import re
from collections import Counter

# Written for this product from the kinds of spam a practitioners' forum receives; the lists are
# deliberately general (kinds of persuasion), not phrases lifted from any data set.

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
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s"}

# Characters that render as nothing and are not Unicode "format" (Cf) characters: fillers and
# joiners spammers put inside words to dodge word filters (patterns.py adds every Cf character).
INVISIBLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFFA0}
# US toll-free area codes: a "support number" advert gives one.
TOLL_FREE_US = frozenset("800 888 877 866 855 844 833".split())


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
