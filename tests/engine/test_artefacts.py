"""Model artefacts: saved atomically, loaded only when their hash and format match."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import joblib
import numpy as np
import pytest

from moderation.engine.artefacts import (
    ARTEFACT_FORMAT,
    SIGNAL_TABLES,
    ArtefactError,
    load,
    save,
    sha256_of,
)
from moderation.engine.model import SpamModel
from moderation.engine.signals import CONTEXT_SIGNAL_NAMES, TEXT_SIGNAL_NAMES, signal_table_digest
from tests.engine.posts import EVENT, SCAM


def test_save_and_load_round_trip(trained_model, tmp_path):
    path = tmp_path / "var" / "model.joblib"
    sha = save(trained_model, path)
    assert len(sha) == 64
    loaded = load(path, expected_sha256=sha)
    assert isinstance(loaded, SpamModel)
    np.testing.assert_array_equal(loaded.score([SCAM, EVENT]), trained_model.score([SCAM, EVENT]))
    assert loaded.threshold == trained_model.threshold
    assert path.stat().st_size < 50 * 1024 * 1024


def test_load_missing_artefact_raises_artefact_error(tmp_path):
    with pytest.raises(ArtefactError, match="missing"):
        load(tmp_path / "absent.joblib", expected_sha256="0" * 64)


def test_load_hash_mismatch_raises_before_unpickling(trained_model, tmp_path):
    path = tmp_path / "model.joblib"
    sha = save(trained_model, path)
    with pytest.raises(ArtefactError, match="does not match"):
        load(path, expected_sha256="f" * 64)
    # A file replaced after saving (here by a pickle that would run code) is refused unread.
    path.write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")
    with pytest.raises(ArtefactError, match="does not match"):
        load(path, expected_sha256=sha)


def test_load_without_a_recorded_hash_is_refused(trained_model, tmp_path):
    path = tmp_path / "model.joblib"
    save(trained_model, path)
    with pytest.raises(ArtefactError):
        load(path, expected_sha256="")


def _saved_payload(path, payload) -> str:
    joblib.dump(payload, path, compress=3)
    return sha256_of(path)


def test_load_refuses_an_artefact_of_an_older_format(trained_model, tmp_path):
    path = tmp_path / "old.joblib"
    sha = _saved_payload(path, {"format": ARTEFACT_FORMAT - 1, "signals": signal_table_digest(),
                                "model": trained_model})
    with pytest.raises(ArtefactError, match="not a spam model of this version"):
        load(path, expected_sha256=sha)


def test_load_refuses_an_artefact_whose_classes_have_moved(tmp_path):
    # What a format-5 file holds: classes pickled under the single module they used to share.
    path = tmp_path / "moved.joblib"
    path.write_bytes(b"cmoderation.engine.features\nCommunityVocabulary\n.")
    with pytest.raises(ArtefactError, match="not a spam model of this version"):
        load(path, expected_sha256=sha256_of(path))


def test_load_refuses_an_artefact_trained_with_another_signal_table(trained_model, tmp_path):
    path = tmp_path / "other-signals.joblib"
    swapped = list(TEXT_SIGNAL_NAMES)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    sha = _saved_payload(path, {"format": ARTEFACT_FORMAT, "model": trained_model,
                                "signals": signal_table_digest(text_names=swapped)})
    with pytest.raises(ArtefactError, match="not a spam model of this version"):
        load(path, expected_sha256=sha)


def test_signal_table_changes_need_a_new_artefact_format():
    # A model's weights are read by position in the signal table: renaming, reordering, adding
    # or removing a signal must come with a new ARTEFACT_FORMAT, so old models are retrained.
    assert SIGNAL_TABLES.get(ARTEFACT_FORMAT) == signal_table_digest(), (
        "the signal table changed: bump ARTEFACT_FORMAT in moderation/engine/artefacts.py and "
        "record the new signal_table_digest() under it"
    )
    assert max(SIGNAL_TABLES) == ARTEFACT_FORMAT


def test_signal_table_digest_changes_with_names_order_and_count():
    current = signal_table_digest()
    swapped = list(TEXT_SIGNAL_NAMES)
    swapped[3], swapped[4] = swapped[4], swapped[3]
    renamed = [*CONTEXT_SIGNAL_NAMES[:-1], "renamed"]
    variants = {
        signal_table_digest(text_names=swapped),
        signal_table_digest(text_names=TEXT_SIGNAL_NAMES[:-1]),
        signal_table_digest(text_names=[*TEXT_SIGNAL_NAMES, "extra"]),
        signal_table_digest(context_names=renamed),
        signal_table_digest(text_names=CONTEXT_SIGNAL_NAMES, context_names=TEXT_SIGNAL_NAMES),
    }
    assert len(variants) == 5 and current not in variants


LOAD_AND_SCORE = """
import sys
from moderation.engine.artefacts import load
model = load(sys.argv[1], expected_sha256=sys.argv[2])
print(round(float(model.score([sys.argv[3]])[0]), 6))
print("scikit-learn imported" if "sklearn" in sys.modules else "scikit-learn not imported")
"""


def test_a_saved_model_scores_in_a_new_process_without_loading_scikit_learn(trained_model,
                                                                            tmp_path):
    """Web and screening workers load a model and score posts; scikit-learn, which takes a
    second or two and tens of megabytes to import, is needed only to train one."""
    path = tmp_path / "model.joblib"
    sha = save(trained_model, path)
    result = subprocess.run(
        [sys.executable, "-c", LOAD_AND_SCORE, str(path), sha, SCAM],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    score, imported = result.stdout.splitlines()
    assert float(score) == round(float(trained_model.score([SCAM])[0]), 6)
    assert imported == "scikit-learn not imported"
