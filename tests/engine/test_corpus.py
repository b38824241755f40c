"""CSV and seed-corpus reading: malformed files fail whole, naming the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderation.engine.corpus import CorpusError, load_seed, parse_csv, read_csv, split_seed_file


def write(tmp_path: Path, content: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_read_csv_reads_required_and_optional_columns(tmp_path):
    path = write(
        tmp_path,
        "text,label,source,author,posted_at,thread_title,extra\n"
        '"Hello, all",ham,forum,Ann,2024-01-01,Welcome thread,ignored\n'
        "Win cash now,SPAM,,Bob,,,\n",
    )
    rows = read_csv(path)
    assert [row.label for row in rows] == [0, 1]
    assert rows[0].text == "Hello, all"
    assert rows[0].thread_title == "Welcome thread"
    assert rows[1].source == "data"  # falls back to the file name


def test_read_csv_missing_column_names_the_header_row(tmp_path):
    path = write(tmp_path, "text,source\nhello,forum\n")
    with pytest.raises(CorpusError, match=r"row 1 \(header\).*label"):
        read_csv(path)


def test_read_csv_bad_label_names_the_row(tmp_path):
    path = write(tmp_path, "text,label\nfine,ham\nfine too,spam\nodd,maybe\n")
    with pytest.raises(CorpusError, match=r"row 4: label 'maybe' is not spam or ham"):
        read_csv(path)


def test_read_csv_empty_file_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="empty"):
        read_csv(write(tmp_path, ""))


def test_read_csv_header_only_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no rows"):
        read_csv(write(tmp_path, "text,label\n"))


def test_read_csv_wrong_field_count_names_the_row(tmp_path):
    path = write(tmp_path, "text,label\nfine,ham\nbroken,ham,surplus\n")
    with pytest.raises(CorpusError, match=r"row 3: has 3 field\(s\) but the header has 2"):
        read_csv(path)


def test_read_csv_empty_text_names_the_row(tmp_path):
    with pytest.raises(CorpusError, match=r"row 2: the text is empty"):
        read_csv(write(tmp_path, "text,label\n  ,ham\n"))


def test_read_csv_missing_file_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="cannot read"):
        read_csv(tmp_path / "absent.csv")


def test_read_csv_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("text,label\ncaf\xe9,ham\n".encode("latin-1"))
    with pytest.raises(CorpusError, match="not UTF-8"):
        read_csv(path)


def test_parse_csv_keeps_quoted_newlines():
    rows = parse_csv('text,label\n"line one\nline two",ham\n')
    assert rows[0].text == "line one\nline two"


def test_split_seed_file_splits_on_lines_of_exactly_percent_signs():
    content = "first post\nstill first\n%%\nsecond has 100%% inside\n%%\n\n%%\nthird\n"
    assert split_seed_file(content) == [
        "first post\nstill first", "second has 100%% inside", "third"
    ]


def test_load_seed_labels_by_folder_and_names_source_by_file(tmp_path):
    (tmp_path / "spam").mkdir()
    (tmp_path / "ham").mkdir()
    (tmp_path / "spam" / "scams.txt").write_text("buy now\n%%\nwin cash\n", encoding="utf-8")
    (tmp_path / "ham" / "events.txt").write_text("workshop on Monday\n", encoding="utf-8")
    examples = load_seed(tmp_path)
    assert [(e.label, e.source) for e in examples] == [
        (1, "seed:scams"), (1, "seed:scams"), (0, "seed:events")
    ]
