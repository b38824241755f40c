"""Model artefacts on disk: saved by the project itself, recorded with their sha256, and loaded
only when the file still matches that record and was written for this version of the engine."""

from __future__ import annotations

import hashlib
import hmac
import pickle
from pathlib import Path

import joblib

from .model import SpamModel
from .signals import signal_table_digest

# Bump whenever a saved model would no longer load or score the same: a pickled class moved or
# changed, or the signal table (names, order, count) changed. Old artefacts are then refused
# and `spam_model --ensure` trains a fresh model at the next start.
ARTEFACT_FORMAT = 6
# The signal table (signals.signal_table_digest()) each format was trained with. A test fails
# when the table changes without a new format: add a line, never edit a recorded one.
SIGNAL_TABLES = {
    5: "72ac92de9d5bdc030f83eaa06a0f7045f256efc40ce215bf9a712673a467807c",
    6: "72ac92de9d5bdc030f83eaa06a0f7045f256efc40ce215bf9a712673a467807c",  # classes moved
}
MAX_ARTEFACT_BYTES = 50 * 1024 * 1024


class ArtefactError(RuntimeError):
    """A model artefact is missing, altered or unreadable; the caller must fail safe (hold)."""



def save(model: SpamModel, path: str | Path) -> str:
    """Write the artefact and return its sha256 (hex), to be recorded beside it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    joblib.dump({"format": ARTEFACT_FORMAT, "signals": signal_table_digest(), "model": model},
                temporary, compress=3)
    size = temporary.stat().st_size
    if size > MAX_ARTEFACT_BYTES:
        temporary.unlink()
        raise ArtefactError(f"model artefact would be {size} bytes, over the 50 MB limit")
    temporary.replace(path)  # atomic: a reader never sees half a file
    return sha256_of(path)


def sha256_of(path: str | Path) -> str:
    """The file's sha256 (hex), read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load(path: str | Path, *, expected_sha256: str) -> SpamModel:
    """Load an artefact the project saved itself, refusing it unless its sha256 matches.

    The hash is checked before unpickling: a pickle runs code, so an altered file must never
    reach joblib.load.
    """
    path = Path(path)
    if not expected_sha256 or len(expected_sha256) != 64:
        raise ArtefactError("no valid sha256 recorded for the model artefact")
    try:
        actual = sha256_of(path)
    except FileNotFoundError as error:
        raise ArtefactError(f"model artefact {path} is missing") from error
    except OSError as error:
        raise ArtefactError(f"model artefact {path} cannot be read: {error}") from error
    if not hmac.compare_digest(actual, expected_sha256.lower()):
        raise ArtefactError(
            f"model artefact {path} does not match its recorded sha256 "
            f"(expected {expected_sha256[:12]}..., found {actual[:12]}...)"
        )
    try:
        payload = joblib.load(path)
    except (ImportError, AttributeError) as error:
        # A class the file names has moved or gone: it was written by another engine version.
        raise ArtefactError(
            f"model artefact {path} is not a spam model of this version ({error})"
        ) from error
    except (OSError, EOFError, pickle.UnpicklingError, ValueError) as error:
        raise ArtefactError(f"model artefact {path} cannot be loaded: {error}") from error
    if not isinstance(payload, dict) or payload.get("format") != ARTEFACT_FORMAT \
            or payload.get("signals") != signal_table_digest() \
            or not isinstance(payload.get("model"), SpamModel):
        raise ArtefactError(f"model artefact {path} is not a spam model of this version")
    return payload["model"]
