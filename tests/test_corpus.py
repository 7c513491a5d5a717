"""The corpus of real writings (tests/corpus/readings.csv): every target/actual pair as real forms
write them, with the reading it must get. Each row runs through the parser and the rules of the
default profile (年度 2024) and must give exactly its expected share of the weight, completion and
set of finding codes. How to add a row: tests/corpus/README.md."""

from __future__ import annotations

import csv
import math
from dataclasses import replace
from pathlib import Path

import pytest

from evalxl.findings import CATALOGUE, ERROR, NOTE, WARNING
from evalxl.scoring.evaluate import evaluate
from evalxl.scoring.settings import default_settings

CORPUS = Path(__file__).parent / "corpus" / "readings.csv"
COLUMNS = ["id", "source", "level2", "nature", "target", "actual", "factor", "completion", "codes", "reading"]
TOLERANCE = 1e-4
MIN_ROWS = 180

# Codes issue 10 adds (with their levels); until every one is in the catalogue the corpus may name them.
NEW_CODES = {
    "DEADLINE_READ": NOTE,
    "UNIT_CONVERTED": NOTE,
    "UNIT_INCOMPATIBLE": ERROR,
    "ZERO_TARGET_READ": NOTE,
    "ZERO_WORD_READ": NOTE,
    "DIRECTION_ASSUMED": NOTE,
    "NEGATED_ACTUAL": WARNING,
}

SETTINGS = replace(default_settings(), year="2024")


def _rows() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ROWS = _rows()


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _codes(text: str) -> set[str]:
    return {c.strip() for c in text.split(";") if c.strip()}


def _level(code: str) -> str:
    return CATALOGUE[code][0] if code in CATALOGUE else NEW_CODES[code]


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_each_writing_is_read_as_the_corpus_says(row: dict[str, str]) -> None:
    got = evaluate(row["target"], row["actual"], row["nature"], SETTINGS, level2=row["level2"])
    factor, completion = _number(row["factor"]), _number(row["completion"])
    found = {p.code for p in got.problems}
    seen = f"{row['target']!r} / {row['actual']!r}: factor {got.factor}, completion {got.completion}, {sorted(found)}"
    assert found == _codes(row["codes"]), seen
    if factor is None:
        assert got.factor is None, seen
    else:
        assert got.factor is not None and math.isclose(got.factor, factor, abs_tol=TOLERANCE), seen
    if completion is not None:
        assert got.completion is not None and math.isclose(got.completion, completion, abs_tol=TOLERANCE), (
            seen
        )


def test_the_corpus_is_well_formed() -> None:
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == COLUMNS
    assert len(ROWS) >= MIN_ROWS
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for row in ROWS:
        where = row["id"]
        assert row["id"] and row["source"] and row["target"] and row["actual"] and row["reading"], where
        assert None not in row and all(v is not None for v in row.values()), f"{where}: wrong number of cells"
        assert row["nature"] in ("", "定量", "定性"), where
        factor, completion = _number(row["factor"]), _number(row["completion"])
        assert factor is None or 0.0 <= factor <= 1.0, where
        assert completion is None or completion >= 0.0, where
        codes = _codes(row["codes"])
        unknown = codes - CATALOGUE.keys() - NEW_CODES.keys()
        assert not unknown, f"{where}: codes {sorted(unknown)} are in no catalogue"
        if factor is None:  # a row not scored must say why with an error at its cell
            assert any(_level(c) == ERROR for c in codes), where
        else:
            assert not any(_level(c) == ERROR for c in codes), where
