"""Ways to reach someone named in a post: links (as registered domains), emails and phone
numbers, found in normalised text with their disguises undone."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import tldextract

from .text.lexicons import SECOND_LEVEL_LABELS, TOLL_FREE_US, TRUSTED_SUFFIXES
from .text.normalise import normalise
from .text.patterns import EMAIL_RE, IP_ADDRESS_RE, ISO_DATE_RE, PHONE_RE, URL_RE


@functools.cache
def _public_suffixes() -> tldextract.TLDExtract:
    # The Public Suffix List snapshot bundled with tldextract: no download and no cache folder,
    # so screening never touches the network. Private suffixes (github.io, blogspot.com,
    # netlify.app...) count, since anyone can take a name under them.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                 include_psl_private_domains=True)


@functools.lru_cache(maxsize=50_000)
def registered_domain(host: str) -> str:
    """The part of a host name someone registers, by the Public Suffix List:
    `www.leeds.ac.uk` -> `leeds.ac.uk`, `alice.github.io` -> `alice.github.io`."""
    host = host.lower().strip(".").split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    found = _public_suffixes().extract_str(host)
    if found.domain and found.suffix:
        return f"{found.domain}.{found.suffix}"
    # Not under a listed suffix (an unlisted ending, a bare name): the last two labels, or
    # three after a usual second-level label ("co", "org"...).
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL_LABELS and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def url_host(url: str) -> str:
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    return re.split(r"[/?#]", url, maxsplit=1)[0]


def is_trusted_domain(domain: str) -> bool:
    domain = "." + domain.lower()
    return domain.endswith(TRUSTED_SUFFIXES)



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


def phone_kind(phone: str) -> str:
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
    # Every link written, repeats included: what the posting limits count.
    links: int = 0

    def __bool__(self) -> bool:
        return bool(self.emails or self.phones or self.domains)


def find_contacts(clean: str) -> tuple[list[str], list[str], list[str], list[tuple[int, int]]]:
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
    """Emails, phone numbers (E.164-style) and link domains in a post, disguises undone.

    The one extractor: screening, the posting limits, the queue and campaign purges all read
    a post's links and contacts through it (give it the title and body together)."""
    clean = normalise(text).text
    emails, phones, urls, _ = find_contacts(clean)
    domains = [registered_domain(url_host(url)) for url in urls]
    return Contacts(
        emails=tuple(dict.fromkeys(emails)),
        phones=tuple(dict.fromkeys(phones)),
        domains=tuple(dict.fromkeys(domain for domain in domains if "." in domain)),
        links=len(urls),
    )
