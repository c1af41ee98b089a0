"""Running the writing jobs of a demo run, with one progress bar over the files written.

A job writes one or more files. Plain jobs run one after the other in the calling thread; DuckDB
jobs (the heavy feeds) run on a small thread pool, each thread with its own in-memory DuckDB
connection. Every file is produced whole by one job, so the result does not depend on the order
in which jobs finish.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import duckdb
from tqdm import tqdm

from core.duckdb_limits import connect as limited_connect


@dataclass
class Job:
    files: int  # how many files the job writes (for the progress bar)
    run: Callable[..., Any]  # plain: run(); DuckDB: run(connection)
    duck: bool = False


class _Connections:
    def __init__(self, threads: int) -> None:
        self.local = threading.local()
        self.threads = threads
        self.all: list[duckdb.DuckDBPyConnection] = []
        self.lock = threading.Lock()

    def get(self) -> duckdb.DuckDBPyConnection:
        con = getattr(self.local, "con", None)
        if con is None:
            con = limited_connect(":memory:")
            con.execute(f"SET threads = {self.threads}")
            con.execute("SET preserve_insertion_order = true")  # rows keep range() order
            con.execute("SET enable_progress_bar = false")
            self.local.con = con
            with self.lock:
                self.all.append(con)
        return con

    def close(self) -> None:
        for con in self.all:
            con.close()


def run_jobs(jobs: list[Job], progress: bool, label: str) -> None:
    total = sum(j.files for j in jobs)
    cpus = os.cpu_count() or 1
    workers = max(1, min(2, cpus))
    connections = _Connections(threads=max(1, cpus // workers))
    with tqdm(total=total, unit="file", desc=label, disable=not progress) as bar:
        for job in jobs:
            if not job.duck:
                job.run()
                bar.update(job.files)
        heavy = [j for j in jobs if j.duck]
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(lambda j=j: j.run(connections.get())): j for j in heavy}
                for future in as_completed(futures):
                    future.result()
                    bar.update(futures[future].files)
        finally:
            connections.close()
