"""Links, emails and phone numbers found in posts, however they are written."""

from __future__ import annotations

import pytest

from moderation.engine.contacts import extract_contacts, registered_domain
from moderation.engine.text.normalise import comparable_text, normalise


@pytest.mark.parametrize(
    "written, domain",
    [
        ("visit kidsfun . com today", "kidsfun.com"),
        ("go to mysite[dot]com", "mysite.com"),
        ("see bestdeals (dot) net", "bestdeals.net"),
        ("at cheapmeds dot org now", "cheapmeds.org"),
        ("www . spamsite . co . uk", "spamsite.co.uk"),
    ],
)
def test_extract_contacts_rejoins_split_domains(signal, written, domain):
    assert domain in extract_contacts(written).domains
    assert signal(written, "split_domains") > 0


@pytest.mark.parametrize(
    "text",
    [
        "Mm feeling sleepy. today itself i shall get that",  # ".today" is a real ending
        "just saw your message.it was fine",  # so is ".it"
        "what a day.life is busy. live and learn",
        "we meet at the hub.see you there",
    ],
)
def test_missing_spaces_after_full_stops_are_not_web_addresses(signal, text):
    assert extract_contacts(text).domains == ()
    assert signal(text, "links") == 0


def test_word_endings_count_as_links_with_a_scheme_www_or_a_path():
    assert extract_contacts("see https://gift.today now").domains == ("gift.today",)
    assert extract_contacts("see www.gift.today now").domains == ("gift.today",)
    assert extract_contacts("see gift.live/win now").domains == ("gift.live",)
    assert extract_contacts("visit murdev.com.").domains == ("murdev.com",)


@pytest.mark.parametrize(
    "written",
    [
        "email cardking (at) gmail (dot) com",
        "email cardking at gmail dot com",
        "email cardking at gmail.com",
        "email cardking [at] gmail [dot] com",
        "email cardking @ gmail . com",
        "email cardking@gmail.com",
    ],
)
def test_extract_contacts_reads_emails_however_written(written):
    assert extract_contacts(written).emails == ("cardking@gmail.com",)


def test_extract_contacts_does_not_invent_emails_from_sentences():
    contacts = extract_contacts("Read the report at coproduce.org.uk and meet us at the hub")
    assert contacts.emails == ()
    assert contacts.domains == ("coproduce.org.uk",)


@pytest.mark.parametrize(
    "written, phone",
    [
        ("Ring 0161 793 4420", "+441617934420"),
        ("text 07700 900318", "+447700900318"),
        ("call +44 (0)20 7123 4567", "+442071234567"),
        ("call 1-800-555-0199", "+18005550199"),
        ("call (888) 555.0123", "+18885550123"),
        ("whatsapp +234 815 550 0143", "+2348155500143"),
        ("ring 0800 123 4567", "+448001234567"),
        ("call 09061701461 now", "+449061701461"),
        ("dial 0044 161 496 0000", "+441614960000"),
    ],
)
def test_extract_contacts_normalises_phone_formats(written, phone):
    assert extract_contacts(written).phones == (phone,)


def test_extract_contacts_ignores_dates_years_and_ids():
    text = "From 2019 2020 2021, on 14/03/2024 at 10:00, £1,000,000, id 20190124113000"
    assert extract_contacts(text).phones == ()


def test_pasted_logs_are_not_phone_numbers_or_disguised_words(signal):
    log = (
        "2019-01-24T11:49:06.962231+00:00 app[web.1]: worker exiting\n"
        'request_id=e31f483d-ba42-4aa0-ae7d-9af03cecf503 fwd="80.92.254.68" status=503'
    )
    assert extract_contacts(log).phones == ()
    assert normalise(log).leet_words == 0
    assert signal(log, "phones") == 0


@pytest.mark.parametrize(
    "written, links",
    [
        ("Deals at ｈｔｔｐｓ://ｃｈｅａｐ．ｅｘａｍｐｌｅ/a and ｈｔｔｐｓ://cheap.example/b", 2),
        ("Read [the guide][1] and [the list][2].\n\n[1]: http://pills.example/buy\n"
         "[2]: <https://pills.example/more>", 2),
        ("https://one.example,https://two.example,https://three.example", 3),
        ("[here](https://spam.example/x) and [there](https://spam.example/y)", 2),
        ("Write to <mailto:sales@cheap.example> today", 0),
    ],
)
def test_extract_contacts_counts_every_written_link(written, links):
    assert extract_contacts(written).links == links


def test_extract_contacts_finds_mailto_addresses():
    contacts = extract_contacts("Write to <mailto:sales@cheapdeals.com> today")
    assert contacts.emails == ("sales@cheapdeals.com",)


@pytest.mark.parametrize(
    "host, domain",
    [
        ("alice.github.io", "alice.github.io"),
        ("www.bob.github.io", "bob.github.io"),
        ("news.carol.blogspot.com", "carol.blogspot.com"),
        ("dave.netlify.app", "dave.netlify.app"),
        ("www.leeds.ac.uk", "leeds.ac.uk"),
        ("shop.example.co.uk", "example.co.uk"),
        ("maps.google.com", "google.com"),
    ],
)
def test_registered_domain_follows_the_public_suffix_list(host, domain):
    assert registered_domain(host) == domain


def test_extract_contacts_keeps_sites_on_shared_hosts_apart():
    contacts = extract_contacts("See https://alice.github.io/a and https://bob.github.io/b")
    assert contacts.domains == ("alice.github.io", "bob.github.io")


def test_comparable_text_ignores_invisible_and_lookalike_letters():
    plain = "Cheap watches for sale, message me"
    assert comparable_text("Cheap wat\u200bches for sale, message me") == comparable_text(plain)
    assert comparable_text("Cheap watchеs for sale, message me!") == comparable_text(plain)
    assert comparable_text("Cheap watches for rent, message me") != comparable_text(plain)
