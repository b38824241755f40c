"""Shared parts of the spam_* commands: reading CSV files, timing scores, printing figures."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

import numpy as np
from django.core.management.base import CommandError

from moderation.engine.corpus import CorpusError, Example, read_csv
from moderation.engine.model import SpamModel


def read_files(paths: Sequence[str]) -> list[Example]:
    """Every row of every file, or a CommandError naming the file and row that is wrong."""
    examples: list[Example] = []
    for path in paths:
        try:
            examples += read_csv(path)
        except CorpusError as error:  # its message names the file and the row
            raise CommandError(str(error)) from error
    return examples


def timed_scores(model: SpamModel, examples: Sequence[Example]) -> tuple[np.ndarray, float, float]:
    """Batch scores with posts per second, and the p99 of scoring one post at a time."""
    texts = [e.text for e in examples]
    started = time.perf_counter()
    scores = np.concatenate([model.score(texts[i : i + 1000]) for i in range(0, len(texts), 1000)])
    per_second = len(texts) / max(time.perf_counter() - started, 1e-9)
    singles = texts[:: max(1, len(texts) // 500)][:500]
    latencies = []
    for text in singles:
        tick = time.perf_counter()
        model.score_one(text)
        latencies.append((time.perf_counter() - tick) * 1000)
    p99 = float(np.percentile(latencies, 99)) if latencies else 0.0
    return scores, per_second, p99


def fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def print_figures(stdout, figures: dict, *, as_json: bool, keys: Sequence[str]) -> None:
    """A readable table, and with --json the figures as one JSON object on the last line."""
    stdout.write("  " + "  ".join(f"{k}={fmt(figures.get(k))}" for k in keys))
    for source, block in sorted((figures.get("per_source") or {}).items()):
        stdout.write(f"  [{source}] " + "  ".join(f"{k}={fmt(block.get(k))}" for k in keys
                                                   if k in block))
    if as_json:
        stdout.write(json.dumps(figures, sort_keys=True))
