"""The named spam signals: each declared once, in a table, with its name, how it is measured and
how a moderator reads it. A post's signal vectors are filled from the tables by name."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .contacts import find_contacts, is_trusted_domain, phone_kind, registered_domain, url_host
from .context import MAX_TRUST_LEVEL, PostContext
from .measures import char_classes, money_amounts, placeholder_text
from .text.lexicons import CHAT_LINK_DOMAINS, FREE_MAIL_DOMAINS, SHORTENER_DOMAINS, lexicon_counts
from .text.normalise import Normalised, content_words, normalise
from .text.patterns import (
    CHAR_RUN_RE,
    ENDS_WITH_CONTACT_RE,
    FIVE_DIGITS_RE,
    HTML_LINK_RE,
    INCOME_CLAIM_RE,
    INCOME_RATE_RE,
    KEYWORD_SEPARATOR_RE,
    MONEY_HINT_RE,
    MONEY_RE,
    SHORT_CODE_RE,
    SIGN_OFF_RE,
    TABLE_ROW_RE,
    TRAILING_NAME_RE,
    ZZLINK_TAIL_RE,
)

log = math.log1p


@dataclass(slots=True)
class Facts:
    """What analyse() finds in a post once, for the text signals to read."""

    norm: Normalised
    clean: str  # the normalised text
    tail: str  # its last words, contacts as placeholder words
    urls: list[str]
    domains: tuple[str, ...]
    emails: list[str]
    phones: list[str]
    phone_kinds: Counter[str]
    free_mail: int
    shorteners: int
    chat_links: int
    has_contact: bool
    lexicon: Counter[str]
    money_values: list[float]
    income: int
    letters: int
    capitals: int
    digits: int
    words: list[str]
    n_chars: int
    short_codes: int
    html_links: int
    separators: int
    trailing_name: bool


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything about a post's text that does not depend on the trained model."""

    text: str  # normalised, with links/emails/phones/money replaced by placeholder words
    words: tuple[str, ...]
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    domains: tuple[str, ...]
    base: np.ndarray  # the TEXT_SIGNALS vector, community signals left at zero

    @property
    def has_contact(self) -> bool:
        return bool(self.emails or self.phones or self.domains)


class Vocabulary(Protocol):
    """The community's vocabulary, as the off-topic signal reads it."""

    def unfamiliar_share(self, words: Sequence[str]) -> float: ...


# A community signal reads the post and what the community is known for: its vocabulary and
# the link domains it uses (the model's, then the post's context's).
CommunityMeasure = Callable[
    [Analysis, Vocabulary | None, frozenset[str] | set[str], frozenset[str]], float]


@dataclass(frozen=True, slots=True)
class Signal:
    """One engineered text signal: a stable name, how a moderator reads it, and how it is
    measured: from the post alone (`measure`) or with the community's knowledge (`community`)."""

    name: str
    description: str
    measure: Callable[[Facts], float] | None = None
    community: CommunityMeasure | None = None


def _unknown_domains(analysis: Analysis, vocabulary: Vocabulary | None,
                     known: frozenset[str] | set[str], extra: frozenset[str]) -> float:
    return log(sum(1 for domain in analysis.domains
                   if domain not in known and domain not in extra
                   and not is_trusted_domain(domain)))


def _off_topic(analysis: Analysis, vocabulary: Vocabulary | None,
               known: frozenset[str] | set[str], extra: frozenset[str]) -> float:
    return vocabulary.unfamiliar_share(analysis.words) if vocabulary is not None else 0.5


def _count(lexicon: str) -> Callable[[Facts], float]:
    return lambda facts: log(facts.lexicon[lexicon])


TEXT_SIGNALS: tuple[Signal, ...] = (
    Signal("links", "has links", lambda f: log(len(f.urls))),
    Signal("shortened_links", "uses a link shortener", lambda f: log(f.shorteners)),
    Signal("chat_links", "links to a private chat (WhatsApp, Telegram)",
           lambda f: log(f.chat_links)),
    Signal("unknown_domains", "links to sites the community has not used",
           community=_unknown_domains),
    Signal("trusted_domains", "links to public-sector, NHS or university sites",
           lambda f: log(sum(1 for domain in f.domains if is_trusted_domain(domain)))),
    Signal("html_links", "contains HTML or BBCode link markup", lambda f: log(f.html_links)),
    Signal("keyword_anchors", "hides a link behind keyword text (HTML anchor)",
           lambda f: log(f.norm.keyword_anchors)),
    Signal("keyword_separators", "strings keywords together with | separators",
           lambda f: log(f.separators if f.separators >= 2 else 0)),
    Signal("emails", "has an email address", lambda f: log(len(f.emails))),
    Signal("free_mail", "gives a free webmail address (Gmail, Outlook, Yahoo...)",
           lambda f: log(f.free_mail)),
    Signal("phones", "has a phone number", lambda f: log(len(f.phones))),
    Signal("toll_free_phone", "gives a toll-free support-style number",
           lambda f: log(f.phone_kinds["toll_free"])),
    Signal("premium_phone", "gives a premium-rate number",
           lambda f: log(f.phone_kinds["premium"])),
    Signal("international_phone", "gives a phone number from outside the UK and US",
           lambda f: log(f.phone_kinds["international"])),
    Signal("sms_short_code", "asks you to text a short code", lambda f: log(f.short_codes)),
    Signal("contact_at_end", "ends with a link or contact details",
           lambda f: 1.0 if ENDS_WITH_CONTACT_RE.search(f.tail) else 0.0),
    Signal("money", "mentions sums of money", lambda f: log(len(f.money_values))),
    Signal("large_money", "mentions large sums of money",
           lambda f: log(sum(1 for amount in f.money_values if amount >= 1_000))),
    Signal("income_claim", "claims money earned, won or paid out", lambda f: log(f.income)),
    Signal("income_rate_claim", "claims to earn a sum every day or week",
           lambda f: log(len(INCOME_RATE_RE.findall(f.clean)) if f.money_values else 0)),
    Signal("get_rich_words", "get-rich, hacking or lending language", _count("get_rich_words")),
    Signal("prize_words", "prize or winning language", _count("prize_words")),
    Signal("urgency_words", "urgency (now, today, hurry)", _count("urgency_words")),
    Signal("secrecy_words", "secrecy (discreet, untraceable)", _count("secrecy_words")),
    Signal("chat_app_words", "asks to move to WhatsApp, Telegram or private messages",
           lambda f: log(f.lexicon["chat_app_words"] + f.chat_links)),
    Signal("third_party_contact", "tells readers to contact a third person",
           _count("third_party_contact")),
    Signal("call_to_contact", "calls to visit, click, call or email", _count("call_to_contact")),
    Signal("self_promotion", "promotes the poster's own channel or site",
           _count("self_promotion")),
    Signal("generic_praise", "generic praise (\"thanks for sharing\", \"nice post\")",
           _count("generic_praise")),
    Signal("praise_with_link", "generic praise together with a link",
           lambda f: 1.0 if f.lexicon["generic_praise"] and f.urls else 0.0),
    Signal("praise_with_name", "generic praise ending on a business or site name",
           lambda f: 1.0 if f.trailing_name else 0.0),
    Signal("tech_support_words", "tech-support or customer-service advert wording",
           _count("tech_support_words")),
    Signal("testimony_words", "testimony, miracle or spell language", _count("testimony_words")),
    Signal("seo_words", "sales or search-engine promotion wording", _count("seo_words")),
    Signal("adult_pharma_words", "adult, dating or pharmacy wording",
           _count("adult_pharma_words")),
    Signal("premium_sms_words", "premium text-message wording (txt, T&Cs, per msg)",
           _count("premium_sms_words")),
    Signal("problem_report", "reports a problem or asks how to do something",
           _count("problem_report")),
    Signal("questions", "asks questions", lambda f: log(min(f.clean.count("?"), 3))),
    Signal("money_with_contact", "money or get-rich talk together with contact details",
           lambda f: 1.0 if f.has_contact and (f.lexicon["get_rich_words"] or f.income
                                               or f.lexicon["prize_words"] >= 2) else 0.0),
    Signal("invisible_chars", "contains invisible characters",
           lambda f: log(f.norm.invisible_chars)),
    Signal("lookalike_letters", "uses look-alike letters from other alphabets",
           lambda f: log(f.norm.lookalike_words)),
    Signal("leetspeak", "swaps digits for letters inside words", lambda f: log(f.norm.leet_words)),
    Signal("spaced_letters", "spaces out the letters of words",
           lambda f: log(f.norm.spaced_words)),
    Signal("split_domains", "disguises a web address (\"site dot com\")",
           lambda f: log(f.norm.split_domains)),
    Signal("obfuscated_emails", "disguises an email address (\"name at gmail dot com\")",
           lambda f: log(f.norm.obfuscated_emails)),
    Signal("capitals", "much of it in capitals",
           lambda f: min(1.0, f.capitals / f.letters) if f.letters >= 12 else 0.0),
    Signal("exclamations", "many exclamation marks", lambda f: log(f.clean.count("!"))),
    Signal("length", "length of the post", lambda f: log(f.n_chars) / 8.0),
    Signal("short_post", "very short post", lambda f: 1.0 if len(f.words) < 4 else 0.0),
    Signal("digits", "share of digits", lambda f: f.digits / max(1, f.n_chars)),
    Signal("off_topic", "words the community rarely uses (off-topic)", community=_off_topic),
)


def _newness(context: PostContext) -> float:
    if context.account_age_days is None:
        return 0.0
    return 1.0 / (1.0 + max(0.0, float(context.account_age_days)) / 7.0)


def _trusted(context: PostContext) -> float:
    if context.trust_level is None:
        return 0.0
    return min(max(context.trust_level, 0), MAX_TRUST_LEVEL) / MAX_TRUST_LEVEL


def _off_thread(analysis: Analysis, context: PostContext) -> float:
    if context.thread_title:
        title_words = set(content_words(context.thread_title))
        if len(title_words) >= 2 and len(analysis.words) >= 5:
            overlap = len(title_words & set(analysis.words)) / len(title_words)
            return 1.0 - overlap
    return 0.0


@dataclass(frozen=True, slots=True)
class ContextSignal:
    """One signal from what the forum knows about the post: its name, how a moderator reads
    it, how it is measured, its cold-start weight and the value from which it is a reason."""

    name: str
    description: str
    measure: Callable[[Analysis, PostContext], float]
    # Log-odds used until the model has been trained on enough posts that carry context to
    # learn its own. Chosen by reasoning, not fitted: a new account posting contact details or
    # a near-duplicate is suspicious; a track record helps.
    prior_weight: float
    # Shown beside the score as a reason from this value on (None: it only feeds the model).
    reason_from: float | None = None


CONTEXT_SIGNALS: tuple[ContextSignal, ...] = (
    ContextSignal("new_account", "new account", lambda a, c: _newness(c), 0.8, 0.5),
    ContextSignal("trusted_member", "trusted member", lambda a, c: _trusted(c), -2.0),
    ContextSignal("approved_history", "has earlier posts approved",
                  lambda a, c: log(max(0, c.approved_posts or 0)), -0.4),
    ContextSignal("rejected_history", "has earlier posts rejected",
                  lambda a, c: log(max(0, c.rejected_posts or 0)), 1.0, 0.1),
    ContextSignal("posting_burst", "many posts in the last hour",
                  lambda a, c: log(max(0, (c.posts_last_hour or 0) - 2)), 0.8, 0.1),
    ContextSignal("off_thread", "unrelated to the thread's title", _off_thread, 0.6, 0.99),
    ContextSignal("near_duplicates", "near-duplicate of other recent posts",
                  lambda a, c: log(max(0, c.near_duplicate_count or 0)), 1.0, 0.1),
    ContextSignal("new_account_with_contact", "new account posting links or contact details",
                  lambda a, c: _newness(c) if a.has_contact else 0.0, 1.0, 0.5),
)
TEXT_SIGNAL_NAMES = tuple(signal.name for signal in TEXT_SIGNALS)
CONTEXT_SIGNAL_NAMES = tuple(signal.name for signal in CONTEXT_SIGNALS)
DESCRIPTIONS = {signal.name: signal.description for signal in (*TEXT_SIGNALS, *CONTEXT_SIGNALS)}
CONTEXT_PRIOR_WEIGHTS = {signal.name: signal.prior_weight for signal in CONTEXT_SIGNALS}
TEXT_INDEX = {name: index for index, name in enumerate(TEXT_SIGNAL_NAMES)}
_COMMUNITY = tuple((TEXT_INDEX[s.name], s.community) for s in TEXT_SIGNALS if s.community)


def signal_table_digest(*, text_names: Sequence[str] = TEXT_SIGNAL_NAMES,
                        context_names: Sequence[str] = CONTEXT_SIGNAL_NAMES) -> str:
    """A digest of the signal names in vector order: a trained model's weights are read by
    position, so a model is only valid for the table it was trained with."""
    names = "text:" + ",".join(text_names) + ";context:" + ",".join(context_names)
    return hashlib.sha256(names.encode()).hexdigest()


# The posts analysed lately: screening reads one post's analysis three times (its fingerprint,
# the model, the new-account rules), and a batch's posts are hashed together before each is
# screened. Emptied when full (each get and set is atomic, so threads may share it).
_recent_analyses: dict[str, Analysis] = {}
RECENT_ANALYSES = 128


def analyse(text: str) -> Analysis:
    """Normalise a post and measure every text signal that depends on its text alone (the
    same Analysis again for a text analysed lately; its values are read-only)."""
    analysis = _recent_analyses.get(text)
    if analysis is None:
        analysis = _analyse(text)
        if len(_recent_analyses) >= RECENT_ANALYSES:
            _recent_analyses.clear()
        _recent_analyses[text] = analysis
    return analysis


def _analyse(text: str) -> Analysis:
    norm = normalise(text)
    clean = norm.text
    emails, phones, urls, spans = find_contacts(clean)
    n_email = len(emails)
    email_idx = set(range(n_email))
    url_idx = set(range(n_email, n_email + len(urls)))
    phone_idx = set(range(n_email + len(urls), len(spans)))
    hosts = [url_host(url).lower() for url in urls]
    domains = tuple(registered_domain(host) for host in hosts)
    with_placeholders = placeholder_text(clean, spans, email_idx, url_idx, phone_idx)
    # The last few words, contact placeholders kept: "...visit: <link>" ends on the point.
    tail = " ".join(with_placeholders.lower().split()[-8:]).rstrip(" .!)")
    tail = ZZLINK_TAIL_RE.sub("zzlink", tail)
    has_money_hint = bool(MONEY_HINT_RE.search(clean))
    if has_money_hint:
        with_placeholders = MONEY_RE.sub(lambda m: f" zzmoney {m.group(0)} ", with_placeholders)
    lowered = with_placeholders.lower()
    money_values = money_amounts(clean) if has_money_hint else []
    has_contact = bool(emails or phones or urls)
    lexicon = lexicon_counts(lowered)
    letters, capitals, digits = char_classes(clean)
    words = content_words(with_placeholders)
    separators = (len(KEYWORD_SEPARATOR_RE.findall(TABLE_ROW_RE.sub("", clean)))
                  if "|" in clean else 0)
    facts = Facts(
        norm=norm, clean=clean, tail=tail, urls=urls, domains=domains, emails=emails,
        phones=phones, phone_kinds=Counter(phone_kind(phone) for phone in phones),
        free_mail=sum(1 for email in emails if email.split("@", 1)[1] in FREE_MAIL_DOMAINS),
        shorteners=sum(1 for host, domain in zip(hosts, domains, strict=True)
                       if domain in SHORTENER_DOMAINS or host in SHORTENER_DOMAINS),
        chat_links=sum(1 for host, domain in zip(hosts, domains, strict=True)
                       if domain in CHAT_LINK_DOMAINS or host in CHAT_LINK_DOMAINS),
        has_contact=has_contact, lexicon=lexicon, money_values=money_values,
        income=len(INCOME_CLAIM_RE.findall(clean)) if money_values else 0,
        letters=letters, capitals=capitals, digits=digits, words=words,
        n_chars=len(clean.strip()),
        short_codes=len(SHORT_CODE_RE.findall(clean)) if FIVE_DIGITS_RE.search(clean) else 0,
        html_links=len(HTML_LINK_RE.findall(text)) if "<" in text or "[" in text else 0,
        separators=separators,
        trailing_name=bool(lexicon["generic_praise"] and not has_contact
                           and TRAILING_NAME_RE.search(clean)
                           and not SIGN_OFF_RE.search(clean[-60:])),
    )
    values = np.array([signal.measure(facts) if signal.measure is not None else 0.0
                       for signal in TEXT_SIGNALS])
    values.flags.writeable = False
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
    vocabulary: Vocabulary | None,
    known_domains: frozenset[str] | set[str] = frozenset(),
    context: PostContext | None = None,
) -> np.ndarray:
    """The TEXT_SIGNALS vector: the analysis plus the signals that need the community's
    vocabulary and the domains it already knows."""
    values = analysis.base.copy()
    extra = context.known_domains if context is not None else frozenset()
    for index, measure in _COMMUNITY:
        values[index] = measure(analysis, vocabulary, known_domains, extra)
    return values


def context_signal_values(analysis: Analysis, context: PostContext | None) -> np.ndarray:
    """The CONTEXT_SIGNALS vector; all zeros for an unknown context."""
    values = np.zeros(len(CONTEXT_SIGNALS), dtype=np.float64)
    if context is None or context.is_neutral:
        return values
    values[:] = [signal.measure(analysis, context) for signal in CONTEXT_SIGNALS]
    return values
