"""Benchmarks for the spam engine: `quality` (leave-one-source-out) and `speed` (one core)."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .artefacts import load, save
from .corpus import Example, default_seed_dir, load_seed, read_csv
from .metrics import evaluate
from .model import ModelConfig
from .training import train_model

TARGET_LOSO_AUC = 0.97
TARGET_POOLED_RECALL = 0.85
TARGET_SEED_AUC = 0.90
TARGET_POSTS_PER_SECOND = 2_000
TARGET_P99_MS = 10.0
TARGET_TRAIN_SECONDS = 60.0
TARGET_ARTEFACT_MB = 50.0
TARGET_RSS_MB = 300.0


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def one_core() -> None:
    """Pin the process to a single CPU and single-threaded maths libraries."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    if hasattr(os, "sched_setaffinity"):
        first = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {first})
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1)
    except ImportError:  # threadpoolctl ships with scikit-learn; the pinning above suffices
        pass


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


# ---------------------------------------------------------------------------------------------
# Quality.
# ---------------------------------------------------------------------------------------------


def _show_misses(rows: list[Example], scores: np.ndarray, source: str, count: int) -> None:
    """The spam rows of one source ranked lowest by its left-out model, and the ham ranked
    highest, with each one's rank among the source's ham (0 = above every ham row)."""
    picked = [i for i, row in enumerate(rows) if row.source == source]
    ham_scores = np.sort([scores[i] for i in picked if rows[i].label == 0])[::-1]
    say(f"Hardest rows of {source} for the model that never saw it "
        f"(rank = ham rows scored higher, of {len(ham_scores)}):")
    spam = sorted((i for i in picked if rows[i].label == 1), key=lambda i: scores[i])
    for i in spam[:count]:
        rank = int((ham_scores > scores[i]).sum())
        say(f"  spam  score {scores[i]:.3f}  rank {rank:>4}  {_excerpt(rows[i].text)}")
    ham = sorted((i for i in picked if rows[i].label == 0), key=lambda i: -scores[i])
    for i in ham[:count]:
        say(f"  ham   score {scores[i]:.3f}             {_excerpt(rows[i].text)}")
    say()


def _excerpt(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def quality(data: Path, *, seed_dir: Path, config: ModelConfig, as_json: bool,
            show_misses: int = 0) -> int:
    started = time.perf_counter()
    rows = read_csv(data)
    seed = load_seed(seed_dir)
    sources = sorted({row.source for row in rows})
    say(f"quality: {len(rows)} rows from {data.name} in {len(sources)} sources; "
        f"seed corpus {sum(e.label for e in seed)} spam / {sum(1 - e.label for e in seed)} ham")

    loso_scores = np.zeros(len(rows))
    loso: dict[str, dict] = {}
    for number, source in enumerate(sources, start=1):
        held_out = [i for i, row in enumerate(rows) if row.source == source]
        train = seed + [row for row in rows if row.source != source]
        tick = time.perf_counter()
        say(f"[{number}/{len(sources)}] leave out {source}: training on {len(train)} examples...")
        model = train_model(train, config=config)
        scores = model.score([rows[i].text for i in held_out])
        loso_scores[held_out] = scores
        loso[source] = evaluate([rows[i].label for i in held_out], scores, model.threshold)
        say(f"      ROC-AUC {_fmt(loso[source]['roc_auc'])}, recall@1%FHR "
            f"{_fmt(loso[source]['recall_at_1pct_fhr'])} ({time.perf_counter() - tick:.1f}s)")

    say(f"[seed] training the default model on the seed corpus only ({len(seed)} examples)...")
    tick = time.perf_counter()
    seed_model = train_model(seed, config=config)
    seed_scores = seed_model.score([row.text for row in rows])
    labels = [row.label for row in rows]
    row_sources = [row.source for row in rows]
    seed_eval = evaluate(labels, seed_scores, seed_model.threshold, row_sources)
    say(f"      done ({time.perf_counter() - tick:.1f}s); seed-model threshold "
        f"{seed_model.threshold:.3f}")
    # Pooled leave-one-source-out: each row scored by the model that never saw its source.
    pooled = evaluate(labels, loso_scores, threshold=0.5, sources=row_sources)

    say()
    header = (f"{'source':<20}{'n':>6}{'spam':>6}{'ham':>6} | {'LOSO AUC':>9}{'AP':>7}"
              f"{'R@1%':>7} | {'seed AUC':>9}{'AP':>7}{'R@1%':>7}{'R@thr':>7}{'FHR@thr':>8}")
    say(header)
    say("-" * len(header))
    for source in sources:
        left, mine = loso[source], seed_eval["per_source"][source]
        say(f"{source:<20}{left['n']:>6}{left['spam']:>6}{left['ham']:>6} | "
            f"{_fmt(left['roc_auc']):>9}{_fmt(left['average_precision']):>7}"
            f"{_fmt(left['recall_at_1pct_fhr']):>7} | {_fmt(mine['roc_auc']):>9}"
            f"{_fmt(mine['average_precision']):>7}{_fmt(mine['recall_at_1pct_fhr']):>7}"
            f"{_fmt(mine['recall']):>7}{_fmt(mine['false_hold_rate']):>8}")
    say("-" * len(header))
    say(f"{'pooled':<20}{pooled['n']:>6}{pooled['spam']:>6}{pooled['ham']:>6} | "
        f"{_fmt(pooled['roc_auc']):>9}{_fmt(pooled['average_precision']):>7}"
        f"{_fmt(pooled['recall_at_1pct_fhr']):>7} | {_fmt(seed_eval['roc_auc']):>9}"
        f"{_fmt(seed_eval['average_precision']):>7}{_fmt(seed_eval['recall_at_1pct_fhr']):>7}"
        f"{_fmt(seed_eval['recall']):>7}{_fmt(seed_eval['false_hold_rate']):>8}")
    say()

    worst_loso = min(loso.values(), key=lambda block: block["roc_auc"] or 0.0)
    worst_loso_source = min(loso, key=lambda name: loso[name]["roc_auc"] or 0.0)
    if show_misses:
        _show_misses(rows, loso_scores, worst_loso_source, show_misses)
    worst_seed_source = min(seed_eval["per_source"],
                            key=lambda name: seed_eval["per_source"][name]["roc_auc"] or 0.0)
    worst_seed = seed_eval["per_source"][worst_seed_source]["roc_auc"] or 0.0
    checks = [
        (f"LOSO ROC-AUC >= {TARGET_LOSO_AUC} on every source (worst {worst_loso_source} "
         f"{_fmt(worst_loso['roc_auc'])})", (worst_loso["roc_auc"] or 0) >= TARGET_LOSO_AUC),
        (f"pooled recall@1%FHR >= {TARGET_POOLED_RECALL} "
         f"({_fmt(pooled['recall_at_1pct_fhr'])})",
         (pooled["recall_at_1pct_fhr"] or 0) >= TARGET_POOLED_RECALL),
        (f"seed-only ROC-AUC >= {TARGET_SEED_AUC} on every source (worst {worst_seed_source} "
         f"{_fmt(worst_seed)})", worst_seed >= TARGET_SEED_AUC),
    ]
    for text, ok in checks:
        say(f"  {'PASS' if ok else 'FAIL'}  {text}")
    passed = all(ok for _, ok in checks)
    say(f"quality {'PASS' if passed else 'FAIL'}: worst LOSO AUC "
        f"{_fmt(worst_loso['roc_auc'])} ({worst_loso_source}), pooled recall@1%FHR "
        f"{_fmt(pooled['recall_at_1pct_fhr'])}, worst seed-only AUC {_fmt(worst_seed)} "
        f"({worst_seed_source}) [{time.perf_counter() - started:.0f}s]")
    if as_json:
        say(json.dumps({"loso": loso, "pooled": pooled, "seed_only": seed_eval,
                        "pass": passed}))
    return 0 if passed else 1


# ---------------------------------------------------------------------------------------------
# Speed.
# ---------------------------------------------------------------------------------------------


def synthesise(examples: Sequence[Example], count: int, *, seed: int = 0) -> list[Example]:
    """`count` new examples made by shuffling, splicing and perturbing seed examples, so the
    training-time figure is measured on text as varied as the seed."""
    generator = random.Random(seed)
    by_label = {label: [e for e in examples if e.label == label] for label in (0, 1)}
    made: list[Example] = []
    while len(made) < count:
        label = generator.choice((0, 1))
        first, second = generator.choice(by_label[label]), generator.choice(by_label[label])
        sentences = re.split(r"(?<=[.!?])\s+", first.text)
        extra = re.split(r"(?<=[.!?])\s+", second.text)
        generator.shuffle(sentences)
        sentences = sentences[: generator.randint(1, len(sentences))]
        sentences += extra[: generator.randint(0, min(2, len(extra)))]
        text = " ".join(sentences)
        text = re.sub(r"\d", lambda _: str(generator.randint(0, 9)), text)
        if generator.random() < 0.1:
            text = text.upper()
        made.append(Example(text=text, label=label, source="synthetic"))
    return made


def _rss_mb() -> tuple[float, float]:
    current = peak = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return current, peak


def rss_probe(model_path: Path, sha: str, texts_file: Path) -> int:
    """Run in a fresh process: load the model, score posts, report memory as a worker would."""
    one_core()
    model = load(model_path, expected_sha256=sha)
    texts = json.loads(texts_file.read_text())
    for start in range(0, len(texts), 500):
        model.score(texts[start : start + 500])
    for text in texts[:50]:
        model.screen(text)
    current, peak = _rss_mb()
    say(json.dumps({"rss_mb": round(current, 1), "peak_rss_mb": round(peak, 1)}))
    return 0


def _time(function: Callable[[], object]) -> float:
    tick = time.perf_counter()
    function()
    return time.perf_counter() - tick


def speed(data: Path | None, *, seed_dir: Path, config: ModelConfig) -> int:
    one_core()
    seed = load_seed(seed_dir)
    say(f"speed: one core (pid {os.getpid()} pinned to CPU {sorted(os.sched_getaffinity(0))}), "
        f"seed corpus {len(seed)} examples")
    texts = [example.text for example in seed]
    if data is not None:
        texts = [row.text for row in read_csv(data)]
        say(f"scoring texts from {data.name} ({len(texts)} posts)")
    else:
        say(f"scoring texts from the seed corpus ({len(texts)} posts)")
    mean_chars = sum(len(text) for text in texts) / len(texts)

    tick = time.perf_counter()
    model = train_model(seed, config=config)
    seed_seconds = time.perf_counter() - tick
    say(f"[1/5] trained the default (seed) model in {seed_seconds:.1f}s")

    batch = (texts * (1 + 5_000 // len(texts)))[:5_000]
    model.score(batch[:200])  # warm caches
    seconds = _time(lambda: [model.score(batch[i : i + 1000]) for i in range(0, len(batch), 1000)])
    per_second = len(batch) / seconds
    say(f"[2/5] batch scoring: {len(batch)} posts (mean {mean_chars:.0f} chars) in "
        f"{seconds:.2f}s = {per_second:,.0f} posts/s")

    generator = random.Random(1)
    singles = [generator.choice(texts) for _ in range(1_000)]
    latencies = []
    for text in singles:
        tick = time.perf_counter()
        model.score_one(text)
        latencies.append((time.perf_counter() - tick) * 1000)
    screen_latencies = []
    for text in singles[:300]:
        tick = time.perf_counter()
        model.screen(text)
        screen_latencies.append((time.perf_counter() - tick) * 1000)
    p50, p99 = np.percentile(latencies, [50, 99])
    screen_p99 = float(np.percentile(screen_latencies, 99))
    say(f"[3/5] one post at a time: p50 {p50:.2f} ms, p99 {p99:.2f} ms "
        f"(score + explanation + signals: p99 {screen_p99:.2f} ms)")

    synthetic = synthesise(seed, 10_000)
    tick = time.perf_counter()
    train_model(synthetic, config=config)
    train_seconds = time.perf_counter() - tick
    say(f"[4/5] trained on 10,000 synthesised examples in {train_seconds:.1f}s "
        f"(includes {config.cv_folds}-fold cross-validation and calibration)")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.joblib"
        sha = save(model, path)
        size_mb = path.stat().st_size / (1024 * 1024)
        texts_file = Path(folder) / "texts.json"
        texts_file.write_text(json.dumps(batch[:2_000]))
        probe = subprocess.run(
            [sys.executable, "-m", "moderation.engine.bench", "_rss", "--model", str(path),
             "--sha", sha, "--texts", str(texts_file)],
            capture_output=True, text=True, check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        memory = json.loads(probe.stdout.strip().splitlines()[-1])
    say(f"[5/5] artefact {size_mb:.1f} MB; fresh worker with model loaded after scoring: "
        f"RSS {memory['rss_mb']:.0f} MB (peak {memory['peak_rss_mb']:.0f} MB)")

    checks = [
        (f"batch >= {TARGET_POSTS_PER_SECOND:,} posts/s ({per_second:,.0f})",
         per_second >= TARGET_POSTS_PER_SECOND),
        (f"one post p99 <= {TARGET_P99_MS} ms ({p99:.2f})", p99 <= TARGET_P99_MS),
        (f"training on 10,000 <= {TARGET_TRAIN_SECONDS:.0f} s ({train_seconds:.1f})",
         train_seconds <= TARGET_TRAIN_SECONDS),
        (f"artefact <= {TARGET_ARTEFACT_MB:.0f} MB ({size_mb:.1f})",
         size_mb <= TARGET_ARTEFACT_MB),
        (f"RSS with model <= {TARGET_RSS_MB:.0f} MB ({memory['peak_rss_mb']:.0f} peak)",
         memory["peak_rss_mb"] <= TARGET_RSS_MB),
    ]
    say()
    for text, ok in checks:
        say(f"  {'PASS' if ok else 'FAIL'}  {text}")
    passed = all(ok for _, ok in checks)
    say(f"speed {'PASS' if passed else 'FAIL'}: {per_second:,.0f} posts/s, p99 {p99:.2f} ms, "
        f"train(10k) {train_seconds:.1f}s, artefact {size_mb:.1f} MB, "
        f"RSS {memory['peak_rss_mb']:.0f} MB")
    return 0 if passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m moderation.engine.bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    quality_parser = commands.add_parser("quality", help="leave-one-source-out quality")
    quality_parser.add_argument("--data", type=Path, required=True,
                                help="labelled CSV with a source column")
    quality_parser.add_argument("--json", action="store_true", help="also print JSON figures")
    quality_parser.add_argument("--show-misses", type=int, default=0, metavar="N",
                                help="list the N hardest spam and ham rows of the worst source")
    speed_parser = commands.add_parser("speed", help="throughput, latency, size, memory")
    speed_parser.add_argument("--data", type=Path, default=None,
                              help="CSV whose texts are scored (default: the seed corpus)")
    for sub in (quality_parser, speed_parser):
        sub.add_argument("--seed-dir", type=Path, default=default_seed_dir())
        sub.add_argument("--C", type=float, default=None, help="override regularisation")
        sub.add_argument("--signal-scale", type=float, default=None)
        sub.add_argument("--no-naive-bayes", action="store_true",
                         help="the linear model alone, without the naive Bayes blend")
    probe = commands.add_parser("_rss", help=argparse.SUPPRESS)
    probe.add_argument("--model", type=Path, required=True)
    probe.add_argument("--sha", required=True)
    probe.add_argument("--texts", type=Path, required=True)
    args = parser.parse_args(argv)

    if args.command == "_rss":
        return rss_probe(args.model, args.sha, args.texts)
    overrides = {}
    if args.C is not None:
        overrides["C"] = args.C
    if args.signal_scale is not None:
        overrides["signal_scale"] = args.signal_scale
    if args.no_naive_bayes:
        overrides["naive_bayes"] = False
    config = ModelConfig(**overrides)
    if args.command == "quality":
        return quality(args.data, seed_dir=args.seed_dir, config=config, as_json=args.json,
                       show_misses=args.show_misses)
    return speed(args.data, seed_dir=args.seed_dir, config=config)


if __name__ == "__main__":
    raise SystemExit(main())
