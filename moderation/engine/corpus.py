"""Labelled examples for the spam classifier: the seed corpus and operator-supplied CSV files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SPAM = 1
HAM = 0

# The CSV interface is shared with the management commands, so labels are spelled as words.
LABEL_WORDS = {"spam": SPAM, "ham": HAM}
REQUIRED_COLUMNS = ("text", "label")
OPTIONAL_COLUMNS = ("source", "author", "posted_at", "thread_title")

SEED_SEPARATOR = "%%"


class CorpusError(ValueError):
    """A training or evaluation file cannot be used as it is; the message names where and why."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text: `label` is 1 for spam, 0 for ham."""

    text: str
    label: int
    source: str = ""
    author: str = ""
    posted_at: str = ""
    thread_title: str = ""

    @property
    def is_spam(self) -> bool:
        return self.label == SPAM


def read_csv(path: str | Path, *, default_source: str | None = None) -> list[Example]:
    """Read a labelled CSV file, all or nothing.

    Header row required; `text` and `label` (spam|ham) columns required; `source`, `author`,
    `posted_at` and `thread_title` optional; other columns ignored. Rows are numbered as a
    spreadsheet shows them (the header is row 1), so an operator can find the bad one.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: cannot read the file ({error.strerror or error}).") from error
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorpusError(
            f"{path}: the file is not UTF-8 text (bad byte at position {error.start})."
        ) from error
    source = default_source if default_source is not None else path.stem
    return parse_csv(content, name=str(path), default_source=source)


def parse_csv(content: str, *, name: str = "CSV", default_source: str = "") -> list[Example]:
    """Parse CSV text already in memory; see `read_csv` for the rules."""
    if not content.strip():
        raise CorpusError(f"{name}: the file is empty; expected a header row with text,label.")
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise CorpusError(f"{name}: row 1 (header): {error}.") from error
    columns = [column.strip().lower() for column in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise CorpusError(
            f"{name}: row 1 (header): missing required column(s) {', '.join(missing)}; "
            f"found {', '.join(columns) or 'nothing'}."
        )
    duplicated = sorted({column for column in columns if column and columns.count(column) > 1})
    if duplicated:
        raise CorpusError(f"{name}: row 1 (header): column(s) repeated: {', '.join(duplicated)}.")
    position = {column: columns.index(column) for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
                if column in columns}

    examples: list[Example] = []
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # reader.line_num counts physical lines; close enough to point at the broken record.
            raise CorpusError(f"{name}: row {row_number + 1}: {error}.") from error
        row_number += 1
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless; spreadsheets often leave one at the end
        if len(row) != len(columns):
            raise CorpusError(
                f"{name}: row {row_number}: has {len(row)} field(s) but the header has "
                f"{len(columns)}."
            )
        text = row[position["text"]]
        if not text.strip():
            raise CorpusError(f"{name}: row {row_number}: the text is empty.")
        label_word = row[position["label"]].strip().lower()
        if label_word not in LABEL_WORDS:
            raise CorpusError(
                f"{name}: row {row_number}: label {row[position['label']]!r} is not spam or ham."
            )

        def optional(column: str, fallback: str = "", current: list[str] = row) -> str:
            index = position.get(column)
            return current[index].strip() if index is not None else fallback

        examples.append(
            Example(
                text=text,
                label=LABEL_WORDS[label_word],
                source=optional("source") or default_source,
                author=optional("author"),
                posted_at=optional("posted_at"),
                thread_title=optional("thread_title"),
            )
        )
    if not examples:
        raise CorpusError(f"{name}: the file has a header but no rows.")
    return examples


def split_seed_file(content: str) -> list[str]:
    """Split one seed file into its examples (a line containing exactly %% separates them)."""
    texts: list[str] = []
    current: list[str] = []
    for line in content.splitlines():
        if line.strip() == SEED_SEPARATOR:
            texts.append("\n".join(current).strip())
            current = []
        else:
            current.append(line)
    texts.append("\n".join(current).strip())
    return [text for text in texts if text]


def load_seed(seed_dir: str | Path, *, source: str = "seed") -> list[Example]:
    """Read the project's own seed corpus: `spam/*.txt` and `ham/*.txt` under `seed_dir`.

    The source of each example is `seed:<kind>` (the file name), so training counts can be shown
    per kind while `source.startswith("seed")` still picks out the whole seed.
    """
    seed_dir = Path(seed_dir)
    examples: list[Example] = []
    for folder, label in (("spam", SPAM), ("ham", HAM)):
        directory = seed_dir / folder
        if not directory.is_dir():
            raise CorpusError(f"{directory}: seed folder is missing.")
        for path in sorted(directory.glob("*.txt")):
            try:
                content = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CorpusError(f"{path}: cannot read seed file ({error}).") from error
            for text in split_seed_file(content):
                examples.append(Example(text=text, label=label, source=f"{source}:{path.stem}"))
    if not examples:
        raise CorpusError(f"{seed_dir}: the seed corpus has no examples.")
    return examples


def default_seed_dir() -> Path:
    """The seed corpus shipped with the project (moderation/seed)."""
    return Path(__file__).resolve().parent.parent / "seed"


def count_by(examples: Iterable[Example]) -> dict[str, dict[str, int]]:
    """Training counts by label and by source, as stored with a model version."""
    by_label = {"spam": 0, "ham": 0}
    by_source: dict[str, dict[str, int]] = {}
    for example in examples:
        word = "spam" if example.is_spam else "ham"
        by_label[word] += 1
        per = by_source.setdefault(example.source or "unknown", {"spam": 0, "ham": 0})
        per[word] += 1
    return {"by_label": by_label, "by_source": dict(sorted(by_source.items()))}
