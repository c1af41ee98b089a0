"""Laying out HTML as PDF pages with WeasyPrint, in worker processes when there is more than one
document: a national card takes about 10 s of layout on one core and a report has one card per
top-level unit, so the cards are laid out side by side, one process per core.

The workers import WeasyPrint only and receive finished HTML: they read no data and write no
file, so what a card holds and where it is written stay with the caller. A worker is this module
run as `python -m reports.pdf_pages`, fed documents on its standard input: not
`multiprocessing`, whose spawned children run the parent's `__main__` file again (a Streamlit
script, where the report is written in a process that ran one, as the app's tests do), and
whose forked children would copy the caller's DuckDB connections and threads.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pdf_bytes(html: str, base_url: str) -> bytes:
    """One document's PDF (WeasyPrint's own output, as `write_pdf` would write it)."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s limit included)."""
    return len(os.sched_getaffinity(0))


class LayoutFailed(RuntimeError):
    """A worker could not lay a document out (its error, as the worker said it)."""


class _InProcess:
    """A pool of one: lays out in this process, for one document or one core."""

    def lay_out(self, html: str, base_url: str) -> Future:
        future: Future = Future()
        try:
            future.set_result(pdf_bytes(html, base_url))
        except Exception as error:  # handed to the caller at .result(), as the workers do
            future.set_exception(LayoutFailed(f"{type(error).__name__}: {error}"))
        return future


class _Workers:
    """Worker processes, each laying out one document at a time; a thread per worker hands it
    the next document of the queue and sets the document's future from its answer."""

    def __init__(self, count: int) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        self._processes = [
            subprocess.Popen(
                [sys.executable, "-m", "reports.pdf_pages"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT, env=environment,
            )  # fmt: skip
            for _ in range(count)
        ]
        self._threads = [
            threading.Thread(target=self._feed, args=(process,), daemon=True)
            for process in self._processes
        ]
        for thread in self._threads:
            thread.start()

    def lay_out(self, html: str, base_url: str) -> Future:
        future: Future = Future()
        self._jobs.put((future, html, base_url))
        return future

    def _feed(self, process: subprocess.Popen) -> None:
        while (job := self._jobs.get()) is not None:
            future, html, base_url = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                pickle.dump((html, base_url), process.stdin)
                process.stdin.flush()
                ok, answer = pickle.load(process.stdout)
            except Exception as error:  # a dead or garbled worker: its documents fail, none hang
                future.set_exception(LayoutFailed(f"the layout worker stopped: {error!r}"))
                continue
            if ok:
                future.set_result(answer)
            else:
                future.set_exception(LayoutFailed(answer))

    def close(self, cancel: bool) -> None:
        if cancel:  # documents not yet started are not laid out
            while True:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    job[0].cancel()
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()
        for process in self._processes:
            with contextlib.suppress(OSError):  # a worker that died has a broken pipe
                process.stdin.close()
            process.wait()


@contextmanager
def layout_pool(documents: int, workers: int | None = None) -> Iterator:
    """Something whose `lay_out(html, base_url)` returns a Future of the PDF's bytes (or of
    LayoutFailed): worker processes when there are two or more documents and cores, this
    process otherwise. On an error the documents not yet started are cancelled."""
    workers = min(workers or cores(), documents)
    if workers < 2:
        yield _InProcess()
        return
    pool = _Workers(workers)
    try:
        yield pool
    except BaseException:
        pool.close(cancel=True)
        raise
    pool.close(cancel=False)


def _serve() -> None:
    """A worker: lay out each (html, base_url) read from standard input, answer (True, PDF
    bytes) or (False, the error) on standard output, until the input ends."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not break answers
    requests = sys.stdin.buffer
    while True:
        try:
            html, base_url = pickle.load(requests)
        except EOFError:
            return
        try:
            answer = (True, pdf_bytes(html, base_url))
        except Exception as error:  # told to the caller, whose report stops on it
            answer = (False, f"{type(error).__name__}: {error}")
        pickle.dump(answer, answers)
        answers.flush()


if __name__ == "__main__":
    _serve()
