"""The seal of an output workbook (evalxl.delivery.seal): every output carries one, it holds while
the sheets are what evalxl wrote, and any change to a sheet or a shared string breaks it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from evalxl import api
from evalxl.delivery.seal import SEAL_PROPERTY, intact

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seal") / "out.xlsx"
    assert api.run(SAMPLES / "county-2024.xlsx", path)[1] is not None
    return path


def _rewritten(source: Path, target: Path, part: str, change: object) -> Path:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            out.writestr(info, change(data) if info.filename == part else data)  # type: ignore[operator]
    return target


def test_every_output_is_sealed_and_its_seal_holds(output: Path, tmp_path: Path) -> None:
    assert intact(output) is True
    custom = zipfile.ZipFile(output).read("docProps/custom.xml").decode()
    assert SEAL_PROPERTY in custom
    folder = tmp_path / "split"
    api.deliver(
        SAMPLES / "seed-2023.xlsx", tmp_path / "o.xlsx", api.Options(), api.Delivery(split_dir=folder)
    )
    assert all(intact(p) for p in folder.glob("*.xlsx"))


@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        (
            "xl/worksheets/sheet1.xml",
            b'<c r="I3" s="7"><v>',
            b'<c r="I3" s="7"><v>1',
        ),  # a score typed over in 汇总
        ("xl/sharedStrings.xml", "高素质农民培训".encode(), "高素质农民培训班".encode()),  # a name changed
        (
            "xl/worksheets/sheet3.xml",
            b"</sheetData>",
            b'<row r="99"><c r="A99"><v>1</v></c></row></sheetData>',
        ),
    ],
)
def test_a_change_to_any_sheet_breaks_the_seal(
    output: Path, tmp_path: Path, part: str, old: bytes, new: bytes
) -> None:
    data = zipfile.ZipFile(output).read(part)
    assert old in data
    changed = _rewritten(output, tmp_path / "changed.xlsx", part, lambda d: d.replace(old, new, 1))
    assert intact(changed) is False


def test_a_workbook_without_a_seal_has_none(output: Path, tmp_path: Path) -> None:
    assert intact(SAMPLES / "seed-2023.xlsx") is None  # an input: no seal
    emptied = _rewritten(
        output,
        tmp_path / "x.xlsx",
        "docProps/custom.xml",
        lambda d: d.replace(SEAL_PROPERTY.encode(), b"other"),
    )
    assert intact(emptied) is None
