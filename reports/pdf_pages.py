"""Laying out HTML as PDF pages with WeasyPrint, in worker processes when there is more than one
document: a national card takes about 10 s of layout on one core and a report has one card per
top-level unit, so the cards are laid out side by side, one process per core.

The workers import WeasyPrint only and receive finished HTML: they read no data and write no
file, so what a card holds and where it is written stay with the caller.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager


def pdf_bytes(html: str, base_url: str) -> bytes:
    """One document's PDF (WeasyPrint's own output, as `write_pdf` would write it)."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s limit included)."""
    return len(os.sched_getaffinity(0))


class _InProcess:
    """A pool of one: lays out in this process, for one document or one core."""

    def submit(self, function, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(function(*args))
        except BaseException as error:  # handed to the caller at .result(), as a pool does
            future.set_exception(error)
        return future


@contextmanager
def layout_pool(documents: int, workers: int | None = None) -> Iterator:
    """Something to `submit(pdf_bytes, html, base_url)` to: worker processes when there are
    two or more documents and cores, this process otherwise. Workers are spawned, not forked:
    the caller holds DuckDB connections and threads a fork would copy. On an error the
    documents not yet started are cancelled."""
    workers = min(workers or cores(), documents)
    if workers < 2:
        yield _InProcess()
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
