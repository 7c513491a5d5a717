"""The collect floor: reading a mailbox and writing the same roll-up with no evalxl logic at all.

``python benchmarks/collect_floor.py PATH... -o OUT.xlsx --content CONTENT.pickle [--workers N]
[--timings FILE.json]``

1. Starts ``--workers`` processes (a ``ProcessPoolExecutor`` forked before anything is read, so no
   worker inherits a grown heap), as ``evalxl collect`` does.
2. Gathers the files under the paths (folders walked in name order) and unzips every zip's members
   into a private temporary folder (names without the UTF-8 flag decoded as GBK).
3. Reads every workbook in the workers, one file per task: its SHA-256, and every sheet's values
   with python-calamine (``to_python()``); a file calamine cannot open is counted as not read.
   Each worker sends back the file's first sheet (for an output workbook: its 汇总 rows).
4. Loads the content file (``collect_content.py``: what evalxl's roll-up of the same benchmark run
   holds), standing in for settling the projects, the sums, the statistics and the checks.
5. Writes that roll-up with plain XlsxWriter calls: the same sheets, cells, formats, formulas with
   their cached values, widths, heights, merged ranges, panes, print setup, properties and charts.

Prints the time of each step; ``--timings`` also writes them as JSON (seconds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import xlsxwriter
from collect_content import Chart, Content, Sheet, load
from python_calamine import CalamineWorkbook

WORKBOOKS = (".xlsx", ".xlsm")
UTF8_FLAG = 0x800


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name: UTF-8 when flagged, else the bytes Windows wrote, read as GBK."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return info.filename


def unzip(path: Path, folder: Path) -> Iterator[Path]:
    """The workbooks in the zip at ``path``, each written to its own file in ``folder`` (a new
    sub-folder for each zip: members' names are their own)."""
    own = Path(tempfile.mkdtemp(dir=folder))
    with zipfile.ZipFile(path) as archive:
        for n, info in enumerate(archive.infolist()):
            name = member_name(info)
            if info.is_dir() or not name.lower().endswith(WORKBOOKS):
                continue
            target = own / f"{n:05d}{Path(name).suffix.lower()}"
            target.write_bytes(archive.read(info))
            yield target


def gather(paths: Sequence[Path], folder: Path) -> list[Path]:
    """Every workbook under ``paths`` (zips unzipped into ``folder``), in name order."""
    files: list[Path] = []
    for path in paths:
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    found: list[Path] = []
    for file in files:
        if file.suffix.lower() == ".zip":
            found += unzip(file, folder)
        elif file.suffix.lower() in WORKBOOKS:
            found.append(file)
    return found


def read_file(path: str) -> tuple[str, int, list[list[Any]] | None]:
    """A file's SHA-256, its cells read, and its first sheet's rows (``None`` when unreadable)."""
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        book = CalamineWorkbook.from_path(path)
        sheets = [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]
    except Exception:  # any failure to read is a file not read
        return digest, 0, None
    return digest, sum(len(row) for rows in sheets for row in rows), sheets[0] if sheets else []


def _ready(_: int) -> int:
    return os.getpid()


def read_all(files: Sequence[Path], pool: ProcessPoolExecutor | None) -> list[tuple[str, int, Any]]:
    """Read every file, in the workers when there are any, in order."""
    names = [str(f) for f in files]
    if pool is None:
        return [read_file(name) for name in names]
    return list(pool.map(read_file, names, chunksize=1))


# --------------------------------------------------------------------------- writing


def _add_chart(wb: Any, ws: Any, chart: Chart) -> None:
    made = wb.add_chart(dict(chart.kind))
    for series in chart.series:
        options: dict[str, Any] = {"values": series.values}
        if series.categories:
            options["categories"] = series.categories
        if series.name:
            options["name"] = series.name
        if chart.data_labels:
            options["data_labels"] = {"value": True}
        made.add_series(options)
    if chart.title:
        made.set_title({"name": chart.title})
    if chart.x_title:
        made.set_x_axis({"name": chart.x_title})
    if chart.y_title:
        made.set_y_axis({"name": chart.y_title})
    made.set_legend({"position": chart.legend} if chart.legend else {"none": True})
    made.set_size({"width": chart.width, "height": chart.height})
    ws.insert_chart(chart.row, chart.col, made)


def _write_sheet(wb: Any, sheet: Sheet, formats: Sequence[Any]) -> None:
    ws = wb.add_worksheet(sheet.name)
    for col, width in sheet.widths:  # as stored: characters of 7 pixels, the 5 pixels' padding included
        ws.set_column_pixels(col, col, round(width * 7))
    for row, height in sheet.heights:
        ws.set_row(row, height)
    starts = {(m[0], m[1]): m for m in sheet.merged}
    for cell in sheet.cells:
        fmt = formats[cell.style] if cell.style >= 0 else None
        merge = starts.get((cell.row, cell.col))
        if merge:
            ws.merge_range(*merge, "", fmt)
        if cell.formula is not None:
            ws.write_formula(cell.row, cell.col, cell.formula, fmt, cell.value)
        elif isinstance(cell.value, str):
            ws.write_string(cell.row, cell.col, cell.value, fmt)
        elif isinstance(cell.value, bool):
            ws.write_boolean(cell.row, cell.col, cell.value, fmt)
        elif isinstance(cell.value, int | float):
            ws.write_number(cell.row, cell.col, cell.value, fmt)
        elif cell.value is not None:
            ws.write_datetime(cell.row, cell.col, cell.value, fmt)
        elif not merge:
            ws.write_blank(cell.row, cell.col, None, fmt)
    if sheet.freeze:
        ws.freeze_panes(*sheet.freeze)
    if sheet.autofilter:
        ws.autofilter(sheet.autofilter)
    if sheet.landscape:
        ws.set_landscape()
    if sheet.repeat_rows:
        ws.repeat_rows(*sheet.repeat_rows)
    if sheet.fit_width:
        ws.fit_to_pages(1, 0)
    for chart in sheet.charts:
        _add_chart(wb, ws, chart)


def write_rollup(path: Path, content: Content) -> None:
    """The roll-up workbook of ``content``, written with plain XlsxWriter calls."""
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(str(path), options) as wb:
        wb.set_properties(dict(content.properties))
        formats = [wb.add_format(dict(style)) for style in content.styles]
        for sheet in content.sheets:
            _write_sheet(wb, sheet, formats)


# --------------------------------------------------------------------------- the run


def run(args: argparse.Namespace, pool: ProcessPoolExecutor | None) -> dict[str, float]:
    """The floor's steps, each timed."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="collect-floor-") as folder:
        files = gather(args.paths, Path(folder))
        results = read_all(files, pool)
    times["read"] = time.perf_counter() - start
    step = time.perf_counter()
    content = load(args.content)
    times["load content"] = time.perf_counter() - step
    step = time.perf_counter()
    write_rollup(args.output, content)
    times["write"] = time.perf_counter() - step
    times["files"] = len(results)
    times["unread"] = sum(rows is None for _, _, rows in results)
    times["cells read"] = sum(cells for _, cells, _ in results)
    return times


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: run the floor, print (and with ``--timings`` save) its step times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("paths", type=Path, nargs="+", help="files, folders and zips, as for evalxl collect")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the roll-up workbook to write")
    parser.add_argument("--content", type=Path, required=True, help="collect_content.py's file of this run")
    parser.add_argument("--workers", type=int, default=1, help="processes reading the files (1)")
    parser.add_argument("--timings", type=Path, help="write the step times here as JSON")
    args = parser.parse_args(argv)
    total = time.perf_counter()
    pool = ProcessPoolExecutor(max_workers=args.workers) if args.workers > 1 else None
    try:
        if pool is not None:
            list(pool.map(_ready, range(args.workers)))  # forked now, before anything is read
        times = run(args, pool)
    finally:
        if pool is not None:
            pool.shutdown()
    times["total"] = time.perf_counter() - total
    for step, seconds in times.items():
        print(f"{step:<14} {seconds:10.3f}")
    if args.timings:
        args.timings.write_text(json.dumps(times, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
