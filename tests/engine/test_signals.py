"""The named signals measured on tricky, disguised text, and the tables that declare them."""

from __future__ import annotations

import pytest

from moderation.engine.context import PostContext
from moderation.engine.reasons import REASON_SIGNALS
from moderation.engine.signals import CONTEXT_SIGNAL_NAMES as CONTEXT_NAMES
from moderation.engine.signals import (
    CONTEXT_SIGNALS,
    TEXT_SIGNAL_NAMES,
    TEXT_SIGNALS,
    analyse,
    context_signal_values,
    text_signal_values,
)
from moderation.engine.weighing import CENTRED_SIGNALS, WEAK_SIGNALS


def test_obfuscated_email_signal_fires_only_for_disguised_addresses(signal):
    assert signal("mail hackerteam at outlook dot com", "obfuscated_emails") > 0
    assert signal("mail hackerteam at outlook dot com", "free_mail") > 0
    assert signal("mail jo.smith@leeds.gov.uk", "obfuscated_emails") == 0


def test_phone_kind_signals(signal):
    assert signal("call 1-800-555-0199", "toll_free_phone") > 0
    assert signal("call 09061701461", "premium_phone") > 0
    assert signal("whatsapp +234 815 550 0143", "international_phone") > 0
    assert signal("ring 0161 793 4420", "international_phone") == 0


def test_link_signals_shorteners_chat_links_and_html(signal):
    text = "Great post! https://bit.ly/x and wa.me/447700900123 <a href='https://spam.biz'>x</a>"
    assert signal(text, "shortened_links") > 0
    assert signal(text, "chat_links") > 0
    assert signal(text, "html_links") > 0
    assert signal(text, "praise_with_link") == 1.0


def test_unknown_domains_respects_known_and_trusted_domains(signal):
    text = "See https://www.leeds.gov.uk/a, https://coproduce.org.uk/b and https://spam.biz/c"
    assert signal(text, "unknown_domains") == pytest.approx(1.0986, abs=1e-3)  # log1p(2)
    known = frozenset({"coproduce.org.uk"})
    assert signal(text, "unknown_domains", known_domains=known) == pytest.approx(0.6931, abs=1e-3)
    context = PostContext(known_domains=["spam.biz"])
    assert signal(text, "unknown_domains", known_domains=known, context=context) == 0
    assert signal(text, "trusted_domains") > 0


def test_money_income_and_get_rich_signals(signal):
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
def test_first_person_earnings_at_a_daily_or_weekly_rate(signal, text):
    assert signal(text, "income_rate_claim") > 0


@pytest.mark.parametrize("text", [
    "I earn £12 an hour as a support worker",  # pay, not a pitch
    "I receive £81.90 a week in Carer's Allowance",  # benefits
    "We received £10,000 from the community foundation",  # a group's grant
    "We pay panel members £25 per meeting",
])
def test_ordinary_talk_about_pay_and_benefits_is_not_an_earnings_pitch(signal, text):
    assert signal(text, "income_rate_claim") == 0


def test_contact_calls_and_secrecy_signals(signal):
    text = "Contact him on WhatsApp right now, it is discreet and untraceable"
    assert signal(text, "chat_app_words") > 0
    assert signal(text, "third_party_contact") > 0
    assert signal(text, "secrecy_words") > 0
    assert signal(text, "urgency_words") > 0


def test_capitals_ratio(signal):
    assert signal("WIN A BRAND NEW CAR TODAY", "capitals") == 1.0
    assert signal("a calm sentence without shouting", "capitals") == 0.0


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


def test_every_signal_has_a_unique_name_and_plain_description():
    names = [s.name for s in (*TEXT_SIGNALS, *CONTEXT_SIGNALS)]
    assert len(names) == len(set(names))
    assert all(s.description and s.description[0].islower() for s in TEXT_SIGNALS)


def test_html_is_decoded_and_keyword_anchors_are_counted(signal):
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


def test_keyword_separators_and_praise_ending_on_a_business_name(signal):
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


@pytest.mark.parametrize("text, fired, neighbour", [
    ("see https://bit.ly/x", "shortened_links", "chat_links"),
    ("chat to me at https://wa.me/447700900123", "chat_links", "shortened_links"),
    ("write to jo.smith@leeds.gov.uk", "emails", "free_mail"),
    ("ring 0161 793 4420", "phones", "toll_free_phone"),
    ("reply urgently, act now", "urgency_words", "secrecy_words"),
    ("it is discreet and untraceable", "secrecy_words", "urgency_words"),
    ("you are a lucky winner of a prize", "prize_words", "get_rich_words"),
    ("passive income from bitcoin and forex", "get_rich_words", "prize_words"),
    ("LOOK AT THIS AMAZING OFFER TODAY", "capitals", "exclamations"),
    ("wow!!! great!!!", "exclamations", "capitals"),
])
def test_each_signal_is_measured_under_its_own_name(signal, text, fired, neighbour):
    assert signal(text, fired) > 0
    assert signal(text, neighbour) == 0


def test_every_signal_is_measured_one_way_and_names_used_elsewhere_are_declared():
    for declared in TEXT_SIGNALS:
        assert (declared.measure is None) != (declared.community is None), declared.name
    names = set(TEXT_SIGNAL_NAMES)
    assert set(REASON_SIGNALS) <= names
    assert set(WEAK_SIGNALS) <= names and set(CENTRED_SIGNALS) <= names
    assert [s.name for s in CONTEXT_SIGNALS if s.reason_from is None] == [
        "trusted_member", "approved_history"]


def test_analyse_leaves_community_signals_for_text_signal_values():
    analysis = analyse("Cheap replica watches at https://spam.biz/watches")
    base = dict(zip(TEXT_SIGNAL_NAMES, analysis.base, strict=True))
    assert base["unknown_domains"] == 0 and base["off_topic"] == 0
    values = dict(zip(TEXT_SIGNAL_NAMES, text_signal_values(analysis, vocabulary=None),
                      strict=True))
    assert values["unknown_domains"] > 0 and values["off_topic"] == 0.5
    assert values["links"] == base["links"] > 0


def test_trust_levels_reach_the_trusted_member_signal_at_the_top_level():
    analysis = analyse("Thanks all, see you on Thursday")

    def trusted(level):
        values = context_signal_values(analysis, PostContext(trust_level=level))
        return float(values[CONTEXT_NAMES.index("trusted_member")])
    assert trusted(0) == 0.0
    assert 0 < trusted(1) < trusted(2) < trusted(3) == 1.0
    assert trusted(7) == 1.0
