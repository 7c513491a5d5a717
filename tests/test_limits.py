"""The limits on a workbook's file and parts: checked on what the zip declares, then again while
inflating, in chunks. The hostile corpus runs them end to end (test_hostile)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from evalxl.reading import limits


def archive(tmp_path: Path, parts: dict[str, bytes]) -> Path:
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10_000)
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 1_000)
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 1_500)
    monkeypatch.setattr(limits, "_CHUNK", 256)


def test_parts_within_the_limits_pass(tmp_path: Path, small: None) -> None:
    path = archive(tmp_path, {"a.xml": b"x" * 1_000, "b.xml": b"y" * 500})
    with zipfile.ZipFile(path) as z:
        limits.check_declared_sizes(z, path.stat().st_size)
        assert limits.read_part(z, "a.xml") == b"x" * 1_000
        limits.check_part(z, "b.xml")


@pytest.mark.parametrize(
    ("parts", "file_bytes", "says"),
    [
        ({"a.xml": b"x"}, 10_001, "文件"),
        ({"sheet.xml": b"x" * 1_001}, 100, "部件 sheet.xml"),
        ({"a.xml": b"x" * 800, "b.xml": b"y" * 800}, 100, "各部件解压后共"),
    ],
)
def test_declared_sizes_over_a_limit_are_refused(
    tmp_path: Path, small: None, parts: dict[str, bytes], file_bytes: int, says: str
) -> None:
    with zipfile.ZipFile(archive(tmp_path, parts)) as z, pytest.raises(limits.TooLarge, match=says):
        limits.check_declared_sizes(z, file_bytes)


def test_inflating_stops_as_soon_as_a_part_passes_the_limit(tmp_path: Path, small: None) -> None:
    path = archive(tmp_path, {"xl/sharedStrings.xml": b"z" * 5_000})
    with zipfile.ZipFile(path) as z:
        with pytest.raises(limits.TooLarge, match="sharedStrings"):
            limits.read_part(z, "xl/sharedStrings.xml")
        with pytest.raises(limits.TooLarge, match="sharedStrings"):
            limits.check_part(z, "xl/sharedStrings.xml")


def test_the_limits_fit_a_province() -> None:
    """A province's 100,000 indicator rows fit three times; a cell holds what Excel allows."""
    assert limits.MAX_ROWS >= 3 * 100_000
    assert limits.MAX_CELL_CHARS == 32_767
    assert limits.MAX_PART_BYTES <= limits.MAX_TOTAL_BYTES
