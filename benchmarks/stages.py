"""evalxl's run with the time of each stage: the benchmark's driver of evalxl.

``python benchmarks/stages.py IN.xlsx -o OUT.xlsx [--split DIR --workers N] --timings FILE.json``

Makes the call ``evalxl run IN -o OUT --no-forms --quiet [--split DIR --workers N]`` makes —
``evalxl.api.deliver`` with the same options and delivery — passing a progress object that records
``time.perf_counter()`` when evalxl announces each stage (``progress.stage``: 读取, 检查, 评分,
写出结果工作簿, 写出自评表文件). Nothing in evalxl is changed for it; the command line's own costs
(importing click, the progress bar, printing the findings) are left out.

The JSON written: ``{"stages": {name: seconds}, "findings": n, "files": n}``, where the stages are,
in order, ``start-up`` (importing evalxl, checking the options), then each stage evalxl announced
(a stage lasts until the next one begins, the last until ``deliver`` returns). The interpreter's
own start and exit are outside it: the benchmark gets them as the wall time minus the stages.
Exit 1 when evalxl wrote nothing (errors in the input).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before the imports below, evalxl's included

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402


class Stopwatch:
    """A progress object (``evalxl.progress.Progress``) that notes when each stage begins."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = [("start-up", STARTED)]

    def stage(self, name: str, total: int = 0) -> None:
        """A stage begins now."""
        self.marks.append((name, time.perf_counter()))

    def advance(self, done: int) -> None:
        """Steps within a stage are not timed."""

    def durations(self, end: float) -> dict[str, float]:
        """Each stage's seconds, in order (a stage named twice adds up)."""
        found: dict[str, float] = {}
        for (name, start), (_, stop) in zip(self.marks, [*self.marks[1:], ("end", end)], strict=True):
            found[name] = found.get(name, 0.0) + stop - start
        return found


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run evalxl with a stopwatch, write the stages' seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("input", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--split", type=Path, help="also write one workbook per project into this folder")
    parser.add_argument("--workers", type=int, default=1, help="processes for the split files (1)")
    parser.add_argument("--timings", type=Path, required=True, help="the JSON file to write")
    args = parser.parse_args(argv)
    watch = Stopwatch()
    from evalxl import api  # timed: part of start-up

    delivery = api.Delivery(split_dir=args.split, forms=False, workers=args.workers)
    result, written = api.deliver(args.input, args.output, api.Options(), delivery, watch)
    stages = watch.durations(time.perf_counter())
    report = {"stages": stages, "findings": len(result.findings), "files": len(written)}
    args.timings.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    print(", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items()))
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
