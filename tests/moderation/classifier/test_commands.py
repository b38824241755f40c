"""The spam_* commands as operators script them: interface, JSON figures and clear errors."""

import csv
import json
from io import StringIO

import joblib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cop.models import Post, Thread, User
from moderation.classifier import registry
from moderation.engine.artefacts import ARTEFACT_FORMAT, sha256_of
from moderation.models import LearnedLayer, ModelVersion, TrainingLabel

ROWS = [
    ("Claim your £900 prize today! Text WIN to 85069 before midnight", "spam", "sms-like"),
    ("Congratulations, you have won a holiday. Call 0909 879 0123 now, 150p/min", "spam",
     "sms-like"),
    ("Are we still meeting at the library on Thursday for the survey session?", "ham", "sms-like"),
    ("Running late, save me a seat at the workshop please", "ham", "sms-like"),
    ("Great post!! Visit my site for cheap essay writing: essays-fast.example", "spam", "blog"),
    ("Thanks for sharing, very informative. Call our printer helpline +1 800 555 0199", "spam",
     "blog"),
    ("Our peer researchers were paid £15 an hour; the full report is at "
     "https://example.org.uk/report.pdf", "ham", "blog"),
    ("I disagree a little: the steering group still held the budget, so power did not "
     "really move.", "ham", "blog"),
]


def _csv(tmp_path, name="data.csv", rows=ROWS, header="text,label,source"):
    lines = [header] + [f'"{t}",{label},{source}' for t, label, source in rows]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_spam_eval_json_has_every_figure(spam_model_version, tmp_path):
    output = _run("spam_eval", str(_csv(tmp_path)), "--json")
    figures = json.loads(output.strip().splitlines()[-1])
    for key in ("n", "spam", "ham", "roc_auc", "average_precision", "recall_at_1pct_fhr",
                "threshold", "precision", "recall", "false_hold_rate", "per_source",
                "posts_per_second", "p99_ms"):
        assert key in figures, key
    assert (figures["n"], figures["spam"], figures["ham"]) == (8, 4, 4)
    assert set(figures["per_source"]) == {"sms-like", "blog"}
    assert figures["roc_auc"] > 0.8


def test_spam_eval_with_train_changes_nothing(spam_model_version, tmp_path):
    train = _csv(tmp_path, "train.csv")
    output = _run("spam_eval", str(_csv(tmp_path)), "--train", str(train), "--no-seed", "--json")
    assert json.loads(output.strip().splitlines()[-1])["n"] == 8
    assert list(ModelVersion.objects.all()) == [spam_model_version]


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty"),
    ("words,label\nhello,ham\n", "text"),
    ("text,label\nhello,ham\nbuy now,maybe\n", "row 3"),
    ("text,source\nhello,sms\n", "label"),
])
def test_spam_eval_malformed_csv_names_the_problem(spam_model_version, tmp_path, content,
                                                    message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        _run("spam_eval", str(path))
    assert message in str(error.value).lower()


def test_spam_eval_missing_file_says_so(spam_model_version, tmp_path):
    with pytest.raises(CommandError, match="cannot read the file"):
        _run("spam_eval", str(tmp_path / "nope.csv"))


@pytest.mark.no_spam_model
@pytest.mark.parametrize("command", ["spam_eval", "spam_replay"])
def test_without_a_model_the_command_says_once_what_to_run(db, tmp_path, command):
    with pytest.raises(CommandError) as error:
        _run(command, str(_csv(tmp_path)))
    message = str(error.value)
    assert message.startswith("no active spam model")
    assert message.count("manage.py spam_model --ensure") == 1


def test_spam_train_adds_a_version_and_prints_metrics(spam_model_version, tmp_path):
    output = _run("spam_train", str(_csv(tmp_path)), "--activate")
    newest = ModelVersion.objects.get(is_active=True)
    assert newest.version == 2
    assert newest.training_counts["by_source"]["blog"] == {"spam": 2, "ham": 2}
    assert "roc_auc=" in output and "Model v2 saved (active)" in output


def test_spam_replay_uses_the_decision_service_and_rolls_back(spam_model_version, tmp_path):
    before = (Post.objects.count(), Thread.objects.count(), User.objects.count())
    output = _run("spam_replay", str(_csv(tmp_path)), "--retrain-every", "4", "--json")
    figures = json.loads(output.strip().splitlines()[-1])
    assert figures["n"] == 8 and figures["retrains"] == 2
    # Four blatant scams: the seed model holds every one, and the replay counts them so.
    assert (figures["spam"], figures["spam_published"], figures["recall"]) == (4, 0, 1.0)
    assert len(figures["recall_by_quarter"]) == 4
    assert (Post.objects.count(), Thread.objects.count(), User.objects.count()) == before
    assert not TrainingLabel.objects.exists()
    assert list(ModelVersion.objects.all()) == [spam_model_version]


def test_spam_replay_reports_each_source_and_lists_its_misses(spam_model_version, tmp_path):
    misses = tmp_path / "misses.csv"
    output = _run("spam_replay", str(_csv(tmp_path)), "--shuffle", "3", "--misses", str(misses),
                  "--json")
    figures = json.loads(output.strip().splitlines()[-1])
    assert figures["n"] == 8 and figures["cpu_seconds"] > 0
    sources = figures["per_source"]
    assert sum(block["spam"] + block["ham"] for block in sources.values()) == 8
    wrong = figures["spam_published"] + figures["ham_held"]
    with misses.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == wrong
    assert not LearnedLayer.objects.exists()  # rolled back with the rest


def test_spam_replay_shows_which_source_each_quarters_recall_comes_from(spam_model_version,
                                                                         tmp_path):
    # In file order the sms-like spam is in the first quarter and the blog spam in the third.
    output = _run("spam_replay", str(_csv(tmp_path)), "--json")
    sources = json.loads(output.strip().splitlines()[-1])["per_source"]
    assert sources["sms-like"]["recall_by_quarter"] == [1.0, None, None, None]
    assert sources["blog"]["recall_by_quarter"] == [None, None, 1.0, None]
    output = _run("spam_replay", str(_csv(tmp_path)))
    assert "blog: spam recall by quarter -, -, 1.000, -" in output


@pytest.mark.no_spam_model
def test_spam_model_ensure_trains_when_none_is_usable(db, settings, tmp_path, caplog):
    settings.MODERATION_MODEL_DIR = tmp_path
    output = _run("spam_model", "--ensure")
    assert "trained from the seed corpus" in output
    # The operator ran the command the error would name: the log says what happens instead.
    assert "no spam model is active yet: training one" in caplog.text
    assert "run `manage.py spam_model --ensure`" not in caplog.text
    row = ModelVersion.objects.get(is_active=True)
    assert (tmp_path / f"spam-model-v{row.version}.joblib").exists()
    assert "file checks out" in _run("spam_model", "--ensure")


@pytest.mark.no_spam_model
def test_spam_model_ensure_replaces_a_model_saved_in_an_older_format(
    db, settings, tmp_path, seed_model_artefact, caplog
):
    settings.MODERATION_MODEL_DIR = tmp_path
    model, _, _ = seed_model_artefact
    old = tmp_path / "spam-model-v1.joblib"
    joblib.dump({"format": ARTEFACT_FORMAT - 1, "model": model}, old, compress=3)
    ModelVersion.objects.create(version=1, threshold=model.threshold, artefact_path=str(old),
                                sha256=sha256_of(old), is_active=True)
    registry._loaded.clear()
    output = _run("spam_model", "--ensure")
    assert "trained from the seed corpus" in output
    assert "the active spam model cannot be used" in caplog.text
    row = ModelVersion.objects.get(is_active=True)
    assert row.version == 2 and (tmp_path / "spam-model-v2.joblib").exists()
    assert "file checks out" in _run("spam_model", "--ensure")
