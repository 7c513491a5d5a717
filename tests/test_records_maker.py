"""evalxl.scoring.records.maker: the record a maker makes is the one the dataclass makes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pytest

from evalxl.model import Indicator, ScoredIndicator, ScoredProject
from evalxl.scoring.records import maker


def test_a_made_record_equals_the_constructed_one_field_by_field() -> None:
    values = [f"v{k}" for k in range(len(fields(ScoredIndicator)))]
    made, built = maker(ScoredIndicator)(*values), ScoredIndicator(*values)
    assert made == built and hash(made) == hash(built)
    assert [getattr(made, f.name) for f in fields(made)] == values
    with pytest.raises(AttributeError):
        made.level1 = "x"  # type: ignore[misc]  # still frozen


def test_only_frozen_slotted_records_set_by_init_alone() -> None:
    @dataclass(frozen=True, slots=True)
    class Later:
        a: int
        b: int = field(init=False, default=0)

    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            raise AssertionError

    for cls in (Indicator, Later, Checked):  # Indicator has no slots
        with pytest.raises(TypeError):
            maker(cls)
    assert maker(ScoredProject)
