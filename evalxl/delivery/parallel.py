"""Writing many workbooks at once: here, or over a pool of worker processes fed as they go.

A worker starts from a fresh interpreter ("spawn"), not as a copy of the parent's memory (which
holds the whole input and result); it is also what Windows does. So that a worker starts fast, this
module imports only what writing a workbook needs (no pandas: nothing from :mod:`evalxl.scoring`).
The parent makes each job only when a worker is about to need it, a few chunks ahead, so its memory
does not grow with the number of files and making jobs overlaps the writing.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from evalxl.exporting import write_workbook
from evalxl.model import RunResult
from evalxl.progress import Progress

Job = tuple[RunResult, Path]  # what to write, and where

PARALLEL_FROM = 40  # fewer files than this are written in this process (a pool costs ~0.2 s to start)
CHUNK = 50  # files a worker writes per task, at most
CHUNKS_PER_WORKER = 4  # at least this many tasks per worker, so the last ones end together
AHEAD = 2  # tasks per worker given out before the first comes back: none waits, few jobs in memory


def write_one(job: Job) -> str:
    """Write one workbook; the SHA-256 of its bytes."""
    result, path = job
    write_workbook(result, path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_chunk(jobs: list[Job]) -> list[str]:
    return [write_one(job) for job in jobs]


def chunk_size(count: int, workers: int) -> int:
    """Files per task: at most ``CHUNK``, and at least ``CHUNKS_PER_WORKER`` tasks per worker."""
    return max(1, min(CHUNK, count // (workers * CHUNKS_PER_WORKER)))


def write_workbooks(
    jobs: Iterable[Job], count: int, workers: int, progress: Progress | None
) -> Iterator[str]:
    """The SHA-256 of each of the ``count`` files of ``jobs``, in order, written here (one worker or
    few files) or by ``workers`` processes in chunks. ``jobs`` is consumed only as fast as the files
    are written."""
    if workers <= 1 or count < PARALLEL_FROM:
        batches: Iterator[list[str]] = ([write_one(job)] for job in jobs)
    else:
        batches = _write_in_pool(_chunks(jobs, chunk_size(count, workers)), workers)
    done = 0
    for hashes in batches:
        done += len(hashes)
        if progress:
            progress.advance(done)
        yield from hashes


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    iterator = iter(jobs)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _write_in_pool(chunks: Iterator[list[Job]], workers: int) -> Iterator[list[str]]:
    """Each chunk's hashes, in order, from a pool given ``AHEAD`` chunks per worker at a time."""
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque[Future[list[str]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_write_chunk, chunk))
                if len(pending) >= workers * AHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            pool.shutdown(cancel_futures=True)  # what is written stays; nothing more starts
            raise
