"""The numpy n-gram hasher: stable, word-bounded, and able to name its columns."""

from __future__ import annotations

import numpy as np

from moderation.engine.hashing import NgramHasher, fit_idf, tfidf


def hasher() -> NgramHasher:
    return NgramHasher(word_ngrams=(1, 2), char_ngrams=(3, 5), word_features=2**18,
                       char_features=2**18)


def test_counts_are_the_same_alone_and_in_a_batch():
    texts = ["call now to claim", "", "a", "our co-production network meets on thursday"]
    together = hasher().chars(texts).toarray()
    for row, text in enumerate(texts):
        np.testing.assert_array_equal(together[row], hasher().chars([text]).toarray()[0])
    words = hasher().words(texts).toarray()
    for row, text in enumerate(texts):
        np.testing.assert_array_equal(words[row], hasher().words([text]).toarray()[0])


def test_hashes_are_stable_across_processes():
    # Fixed expectations: Python's own str hash is salted per process; ours must not be, or a
    # saved model would score differently after loading.
    assert sorted(hasher().word_names("hello world").items()) == [
        (74530, "hello"), (139384, "hello world"), (187111, "world")]
    assert sorted(hasher().chars(["hello"]).indices.tolist()) == [
        2914, 11289, 16304, 40802, 51354, 53892, 64037, 229538, 233139, 243937, 248543, 250684]


def test_character_ngrams_stay_inside_words_and_can_be_named():
    text = "ab cd"
    matrix = hasher().chars([text])
    names = hasher().char_names(text, set(matrix.indices.tolist()))
    assert set(names.values()) == {" ab", "ab ", " cd", "cd ", " ab ", " cd "}
    word_names = hasher().word_names("free prize now")
    assert set(word_names.values()) == {"free", "prize", "now", "free prize", "prize now"}


def test_tfidf_rows_have_unit_length():
    counts = hasher().chars(["one two three", "three four", ""])
    weighted = tfidf(counts, fit_idf(counts))
    lengths = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    np.testing.assert_allclose(lengths, [1.0, 1.0, 0.0])


def test_a_batch_keeps_each_texts_ngrams_to_name_its_columns_as_alone():
    texts = ["free prize now, free prize", "", "our co-production network meets on thursday",
             "a", "call now to claim your prize"]
    words, chars, ngrams = hasher().hash(texts)
    np.testing.assert_array_equal(words.toarray(), hasher().words(texts).toarray())
    np.testing.assert_array_equal(chars.toarray(), hasher().chars(texts).toarray())
    for row, text in enumerate(texts):
        (_, _, (alone,)) = hasher().hash([text])
        every_char_column = set(hasher().chars([text]).indices.tolist())
        assert ngrams[row].word_names() == alone.word_names()
        assert ngrams[row].char_names() == alone.char_names()
        assert ngrams[row].char_names(every_char_column) == alone.char_names()
    assert set(ngrams[0].word_names().values()) == {
        "free", "prize", "now", "free prize", "prize now", "now free"}
    # Asked for some columns, only those are named.
    column = next(iter(ngrams[4].word_names()))
    assert list(ngrams[4].word_names([column])) == [column]
