"""The contacts in posts (cached), which link domains are too common to tie posts into a
campaign, and contacts as the queue's campaign filter keys."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

from cop.models import Post
from moderation.engine.contacts import (
    Contacts,
    extract_contacts,
    is_trusted_domain,
    registered_domain,
)
from moderation.engine.text.lexicons import CHAT_LINK_DOMAINS, FREE_MAIL_DOMAINS, SHORTENER_DOMAINS
from moderation.models import ModerationScore
from moderation.screening.policy import text_of


def _own_domains() -> set[str]:
    hosts = [urlsplit(settings.SITE_URL).hostname or "", *settings.ALLOWED_HOSTS]
    return {registered_domain(host.lstrip(".")) for host in hosts
            if host and "." in host and host != "*"}


def is_common_domain(domain: str) -> bool:
    """Domains that many unrelated posts link to, so sharing one says nothing about a campaign."""
    domain = domain.lower()
    return (
        domain in FREE_MAIL_DOMAINS or domain in SHORTENER_DOMAINS or domain in CHAT_LINK_DOMAINS
        or is_trusted_domain(domain) or domain in settings.MODERATION_TRUSTED_DOMAINS
        or domain in settings.MODERATION_CAMPAIGN_COMMON_DOMAINS or domain in _own_domains()
    )


def contacts_key(text: str) -> str:
    return "moderation:contacts:" + hashlib.sha256(text.encode()).hexdigest()


def contacts_for(scores: dict[int, ModerationScore], posts: list[Post]) -> dict[int, Contacts]:
    """Contacts of each post, cached by the scored text (finding them is the slow part)."""
    texts = {post.pk: scores[post.pk].text if post.pk in scores else text_of(post)
             for post in posts}
    keys = {pk: contacts_key(text) for pk, text in texts.items()}
    found = cache.get_many(list(keys.values()))
    result, missing = {}, {}
    for pk, key in keys.items():
        if key not in found:
            found[key] = missing[key] = extract_contacts(texts[pk])
        result[pk] = found[key]
    if missing:
        cache.set_many(missing, timeout=24 * 3600)
    return result


def campaign_keys(contacts: Contacts) -> list[str]:
    """Contacts as filter keys such as "email:someone@example.com", skipping common domains."""
    return (
        [f"email:{email}" for email in contacts.emails]
        + [f"phone:{phone}" for phone in contacts.phones]
        + [f"domain:{domain}" for domain in contacts.domains if not is_common_domain(domain)]
    )


def describe_campaign_key(key: str) -> str:
    kind, _sep, value = key.partition(":")
    words = {"email": "email address", "phone": "phone number", "domain": "link to"}
    return f"{words.get(kind, kind)} {value}"
