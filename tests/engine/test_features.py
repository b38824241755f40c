"""Engineered signals on tricky, disguised text."""

from __future__ import annotations

import pytest

from moderation.engine.features import CONTEXT_SIGNAL_NAMES as CONTEXT_NAMES
from moderation.engine.features import (
    CONTEXT_SIGNALS,
    TEXT_SIGNALS,
    CommunityVocabulary,
    PostContext,
    analyse,
    context_signal_values,
    extract_contacts,
    fingerprint,
    fingerprint_similarity,
    is_near_duplicate,
    normalise,
    text_signal_values,
)
from moderation.engine.features import TEXT_SIGNAL_NAMES as NAMES


def signal(text: str, name: str, **kwargs) -> float:
    values = text_signal_values(analyse(text), vocabulary=None, **kwargs)
    return float(values[NAMES.index(name)])


def test_normalise_removes_zero_width_characters():
    result = normalise("fr\u200bee mo\u200cn\u200dey\ufeff now")
    assert result.text == "free money now"
    assert result.invisible_chars == 4
    assert signal("fr\u200bee mo\u200cney", "invisible_chars") > 0


def test_normalise_folds_lookalike_letters_inside_latin_words():
    # Cyrillic "о", "а" and "е" hidden in Latin words.
    result = normalise("Bitcоin invеstment with pаypal")
    assert result.text == "Bitcoin investment with paypal"
    assert result.lookalike_words == 3


def test_normalise_leaves_real_cyrillic_and_greek_alone():
    assert normalise("Привет всем").text == "Привет всем"
    assert normalise("the effect size α was small").text == "the effect size α was small"


def test_normalise_folds_fullwidth_and_styled_letters():
    assert normalise("ｃａｓｈ 𝐟𝐫𝐞𝐞").text == "cash free"


def test_normalise_folds_leetspeak_inside_words_only():
    result = normalise("get c4sh and b1tc0in, covid19 in M1 3BB, log id 9af03cecf503")
    assert "cash" in result.text and "bitcoin" in result.text
    assert "covid19" in result.text and "M1 3BB" in result.text and "9af03cecf503" in result.text
    assert result.leet_words == 2


def test_normalise_joins_spaced_out_letters():
    result = normalise("Get F R E E cash, w.h.a.t.s.a.p.p me")
    assert "FREE" in result.text and "whatsapp" in result.text
    assert result.spaced_words == 2


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
def test_extract_contacts_rejoins_split_domains(written, domain):
    assert domain in extract_contacts(written).domains
    assert signal(written, "split_domains") > 0


def test_normalise_does_not_join_ordinary_sentences():
    text = "It went well. In fact the Org. Com was fine. Net zero by 2030."
    assert normalise(text).text == text
    assert extract_contacts(text).domains == ()


@pytest.mark.parametrize(
    "text",
    [
        "Mm feeling sleepy. today itself i shall get that",  # ".today" is a real ending
        "just saw your message.it was fine",  # so is ".it"
        "what a day.life is busy. live and learn",
        "we meet at the hub.see you there",
    ],
)
def test_missing_spaces_after_full_stops_are_not_web_addresses(text):
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


def test_obfuscated_email_signal_fires_only_for_disguised_addresses():
    assert signal("mail hackerteam at outlook dot com", "obfuscated_emails") > 0
    assert signal("mail hackerteam at outlook dot com", "free_mail") > 0
    assert signal("mail jo.smith@leeds.gov.uk", "obfuscated_emails") == 0


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


def test_pasted_logs_are_not_phone_numbers_or_disguised_words():
    log = (
        "2019-01-24T11:49:06.962231+00:00 app[web.1]: worker exiting\n"
        'request_id=e31f483d-ba42-4aa0-ae7d-9af03cecf503 fwd="80.92.254.68" status=503'
    )
    assert extract_contacts(log).phones == ()
    assert normalise(log).leet_words == 0
    assert signal(log, "phones") == 0


def test_phone_kind_signals():
    assert signal("call 1-800-555-0199", "toll_free_phone") > 0
    assert signal("call 09061701461", "premium_phone") > 0
    assert signal("whatsapp +234 815 550 0143", "international_phone") > 0
    assert signal("ring 0161 793 4420", "international_phone") == 0


def test_link_signals_shorteners_chat_links_and_html():
    text = "Great post! https://bit.ly/x and wa.me/447700900123 <a href='https://spam.biz'>x</a>"
    assert signal(text, "shortened_links") > 0
    assert signal(text, "chat_links") > 0
    assert signal(text, "html_links") > 0
    assert signal(text, "praise_with_link") == 1.0


def test_unknown_domains_respects_known_and_trusted_domains():
    text = "See https://www.leeds.gov.uk/a, https://coproduce.org.uk/b and https://spam.biz/c"
    assert signal(text, "unknown_domains") == pytest.approx(1.0986, abs=1e-3)  # log1p(2)
    known = frozenset({"coproduce.org.uk"})
    assert signal(text, "unknown_domains", known_domains=known) == pytest.approx(0.6931, abs=1e-3)
    context = PostContext(known_domains=["spam.biz"])
    assert signal(text, "unknown_domains", known_domains=known, context=context) == 0
    assert signal(text, "trusted_domains") > 0


def test_money_income_and_get_rich_signals():
    text = "I withdrew $3,000 in one day with a blank ATM card, earn £500 per day"
    assert signal(text, "money") > 0
    assert signal(text, "large_money") > 0
    assert signal(text, "income_claim") > 0
    assert signal(text, "get_rich_words") > 0
    assert signal("Our grant of £2,000 paid for the room", "income_claim") == 0


@pytest.mark.parametrize("text", [
    "By the way, I make £300 a day working from home",
    "I withdraw $3,000 every day from any ATM",
    "I made $6,800 in a week with his trading platform",
    "Now I earn £500 daily",
])
def test_first_person_earnings_at_a_daily_or_weekly_rate(text):
    assert signal(text, "income_rate_claim") > 0


@pytest.mark.parametrize("text", [
    "I earn £12 an hour as a support worker",  # pay, not a pitch
    "I receive £81.90 a week in Carer's Allowance",  # benefits
    "We received £10,000 from the community foundation",  # a group's grant
    "We pay panel members £25 per meeting",
])
def test_ordinary_talk_about_pay_and_benefits_is_not_an_earnings_pitch(text):
    assert signal(text, "income_rate_claim") == 0


def test_contact_calls_and_secrecy_signals():
    text = "Contact him on WhatsApp right now, it is discreet and untraceable"
    assert signal(text, "chat_app_words") > 0
    assert signal(text, "third_party_contact") > 0
    assert signal(text, "secrecy_words") > 0
    assert signal(text, "urgency_words") > 0


def test_capitals_ratio():
    assert signal("WIN A BRAND NEW CAR TODAY", "capitals") == 1.0
    assert signal("a calm sentence without shouting", "capitals") == 0.0


def test_community_vocabulary_scores_off_topic_text_higher():
    vocabulary = CommunityVocabulary.fit(
        [
            "peer researchers shared findings at the co-production workshop",
            "the co-production workshop paid peer researchers fairly",
            "community reporting workshop findings and peer support",
        ]
    )
    on_topic = vocabulary.unfamiliar_share(analyse("peer researchers workshop findings").words)
    off_topic = vocabulary.unfamiliar_share(analyse("cheap replica watches casino bonus").words)
    assert on_topic < 0.3 < 0.8 < off_topic


def test_context_signals_are_zero_when_unknown():
    analysis = analyse("hello https://spam.biz")
    assert not context_signal_values(analysis, None).any()
    assert not context_signal_values(analysis, PostContext()).any()


def test_context_signals_for_new_accounts_and_duplicates():
    analysis = analyse("Read about our toolkit and workshops at https://spam.biz")
    values = context_signal_values(
        analysis,
        PostContext(account_age_days=0, trust_level=0, posts_last_hour=10,
                    near_duplicate_count=3, thread_title="Paying peer researchers fairly"),
    )
    named = dict(zip(CONTEXT_NAMES, values, strict=True))
    assert named["new_account"] == 1.0
    assert named["new_account_with_contact"] == 1.0
    assert named["posting_burst"] > 0
    assert named["near_duplicates"] > 0
    assert named["off_thread"] == 1.0
    assert named["trusted_member"] == 0.0


def test_fingerprint_is_close_for_campaign_variants_and_far_for_unrelated_posts():
    first = fingerprint("Get your blank ATM card today and be rich! email: cards247@gmail.com")
    second = fingerprint("Get your blank ATM card today and be rich!! email: cardking@yahoo.com")
    other = fingerprint("Our spring online catch-up for the network is on Thursday morning")
    assert -(2**63) <= first < 2**63  # fits a signed 64-bit database column
    assert fingerprint_similarity(first, second) >= 0.85
    assert fingerprint_similarity(first, other) < 0.7
    assert fingerprint_similarity(first, first) == 1.0


def test_every_signal_has_a_unique_name_and_plain_description():
    names = [s.name for s in (*TEXT_SIGNALS, *CONTEXT_SIGNALS)]
    assert len(names) == len(set(names))
    assert all(s.description and s.description[0].islower() for s in TEXT_SIGNALS)


def test_html_is_decoded_and_keyword_anchors_are_counted():
    text = 'Nice article! <a href="https://cheap-flights.biz">cheap flights</a><br />&amp; more'
    analysis = analyse(text)
    assert "cheap flights" in analysis.text
    assert "<a" not in analysis.text and "<br" not in analysis.text and "&amp;" not in analysis.text
    assert "cheap-flights.biz" in analysis.domains
    assert signal(text, "keyword_anchors") > 0
    # A link whose words are its own address or a video timestamp is not keyword stuffing.
    assert signal('<a href="https://youtu.be/x?t=99">1:39</a> best part', "keyword_anchors") == 0
    assert signal('<a href="https://example.org/a">https://example.org/a</a>',
                  "keyword_anchors") == 0
    assert analyse("I &lt;3 this, it&#39;s great").text.startswith("I <3 this, it's great")


def test_keyword_separators_and_praise_ending_on_a_business_name():
    assert signal("seo agency | web design | logo design | hosting", "keyword_separators") > 0
    assert signal("Yes | no", "keyword_separators") == 0
    # Keywords on lines of their own still count; a markdown budget table does not.
    assert signal("postal jobs   |\n\ncheap helmets   |\n\nhealth survey", "keyword_separators") > 0
    table = "| Item | Cost |\n|---|---|\n| Facilitator | £450 |\n| Room hire | £120 |"
    assert signal(table, "keyword_separators") == 0
    spam = "Very informative post, thanks for sharing. Carpet Cleaning Manchester"
    assert signal(spam, "praise_with_name") == 1.0
    assert signal("Great post! Thanks for sharing.More Info : Web Design Agency",
                  "praise_with_name") == 1.0
    # A member signing off with their name is not advertising.
    assert signal("Thanks for sharing this, really useful.\nBest wishes, Jo Smith",
                  "praise_with_name") == 0.0
    assert signal("Carpet Cleaning Manchester", "praise_with_name") == 0.0


def test_long_character_runs_are_shortened_for_the_ngrams():
    assert "!!!!" not in analyse("Love it!!!!!!!!!!!!").text
    assert "sooo" in analyse("sooooooo good").text


def test_campaign_variants_with_one_word_changed_are_mostly_near_duplicates():
    original = ("I was in debt until I met the hackers who sell programmed blank ATM cards. "
                "I now withdraw two thousand pounds every day. Contact them today on their "
                "email and tell them I sent you")
    words = original.split()
    variants = []
    for position in range(0, len(words), 3):
        changed = list(words)
        changed[position] = "really"
        variants.append(" ".join(changed))
    matched = sum(is_near_duplicate(fingerprint(original), fingerprint(v)) for v in variants)
    # A 64-bit SimHash of a 33-word post moves by 4 to 11 bits for one changed word: about half
    # of these variants reach 85% agreement (a quarter would reach 90%).
    assert matched >= 0.5 * len(variants)
    community = [
        "Our carers' group meets on the first Tuesday of the month at the Jubilee Centre",
        "We pay peer researchers twenty pounds an hour and cover travel and childcare",
        "Has anyone got a simple consent form for photos at events that is not three pages",
        "The young advisers asked for a budget for a photographer and we think that is fair",
        "I visited the crisis cafe on Friday and the peer workers were clear it is their space",
    ]
    prints = [fingerprint(text) for text in community]
    assert not any(is_near_duplicate(a, b) for i, a in enumerate(prints) for b in prints[i + 1:])
