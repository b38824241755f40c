"""Normalisation: the disguises spammers use are undone before anything is measured."""

from __future__ import annotations

from moderation.engine.contacts import extract_contacts
from moderation.engine.text.normalise import normalise


def test_normalise_removes_zero_width_characters(signal):
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


def test_normalise_does_not_join_ordinary_sentences():
    text = "It went well. In fact the Org. Com was fine. Net zero by 2030."
    assert normalise(text).text == text
    assert extract_contacts(text).domains == ()
