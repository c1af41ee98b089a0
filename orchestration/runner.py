"""Run the pipeline in-process through the project's Dagster definitions, and report on it.

`attt run` and the tests call `run_pipeline`: it materialises the same jobs that `dagster dev`
shows, against the given landing zone and warehouse, then reads back from the ledger what this
run took in, rejected and set aside.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from ingest import locations
from ingest.warehouse import connect
from orchestration.definitions import build_definitions

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass
class RunReport:
    success: bool
    run_id: str
    warehouse: Path
    by_source: list[tuple] = field(default_factory=list)
    rejected: list[tuple] = field(default_factory=list)
    set_aside: list[tuple] = field(default_factory=list)
    set_aside_total: int = 0
    unchanged: int = 0
    models_built: int = 0
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    serving: Path | None = None
    published: bool = False
    log: Path | None = None

    def render(self, show: int = 20) -> str:
        from orchestration.cli import render_table

        lines = [
            f"Run {self.run_id}: {'succeeded' if self.success else 'FAILED'}",
            f"Warehouse: {self.warehouse}",
            "",
        ]
        if self.by_source:
            lines.append(
                render_table(
                    [
                        "source",
                        "files",
                        "loaded",
                        "rejected",
                        "rows read",
                        "rows loaded",
                        "rows set aside",
                    ],
                    self.by_source,
                )
            )
        else:
            lines.append("No new or changed landing files.")
        if self.unchanged:
            lines.append(f"\n{self.unchanged} files already taken in were skipped (unchanged).")
        if self.rejected:
            lines.append("\nRejected files:")
            lines += [f"  {path}: {reason}" for path, reason in self.rejected]
        if self.set_aside:
            shown = self.set_aside[:show]
            lines.append(
                f"\n{self.set_aside_total} rows set aside; the first {len(shown)} "
                "reasons (all of them: `attt set-aside`):"
            )
            lines += [
                f"  {path}, row {row}, " + (f"column {column}: " if column else "") + reason
                for path, row, column, reason in shown
            ]
        lines.append(
            f"\ndbt: {self.models_built} models built, {self.checks_passed} tests passed, "
            f"{len(self.checks_failed)} failed"
        )
        lines += [f"  failed: {name}" for name in self.checks_failed]
        lines += [f"Failed step: {step}" for step in self.failed_steps]
        if self.log:
            lines.append(f"dbt's log: {self.log}")
        if self.published:
            lines.append(f"Published: {self.serving}")
        else:
            lines.append(f"Not published: the serving copy {self.serving} was left as it was.")
        return "\n".join(lines)


def run_pipeline(
    warehouse: Path,
    landing: Path,
    serving: Path | None = None,
    instance: dg.DagsterInstance | None = None,
    job_name: str = "pipeline",
) -> RunReport:
    """Materialise the pipeline (ingest, dbt build, publish) in-process."""
    defs = build_definitions(warehouse=warehouse, landing=landing, serving=serving)
    job = defs.resolve_job_def(job_name)
    with connect(warehouse) as con:
        before = con.execute("SELECT coalesce(max(file_id), 0) FROM raw.ledger").fetchone()[0]
    if instance is None:
        instance = dg.DagsterInstance.ephemeral()
    # dbt's own log lines (which dagster-dbt echoes to standard output) go to a log file.
    log_dir = Path(warehouse).parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "pipeline-latest.log"
    with open(log_path, "w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        result = job.execute_in_process(instance=instance, run_config=QUIET, raise_on_error=False)
    report = _report(result.success, result.run_id, warehouse, landing, before)
    report.log = log_path
    report.serving = locations.serving_path(serving, warehouse)
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    report.models_built = sum(
        1 for key in materialized if key.path[0] in ("staging", "intermediate", "marts")
    )
    report.published = dg.AssetKey(["serving", "serving_copy"]) in materialized
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            report.checks_passed += 1
        else:
            report.checks_failed.append(
                f"{evaluation.asset_key.to_user_string()}: {evaluation.check_name}"
            )
    report.failed_steps = [
        event.step_key for event in result.all_events if event.event_type_value == "STEP_FAILURE"
    ]
    return report


def _report(success: bool, run_id: str, warehouse: Path, landing: Path, before: int) -> RunReport:
    from ingest.pipeline import discover

    report = RunReport(success=success, run_id=run_id, warehouse=warehouse)
    con = connect(warehouse, read_only=True)
    try:
        report.by_source = con.execute(
            "SELECT coalesce(source, '(unrecognised)'), count(*), "
            "count(*) FILTER (WHERE outcome = 'loaded'), "
            "count(*) FILTER (WHERE outcome = 'rejected'), "
            "coalesce(sum(rows_read), 0), sum(rows_loaded), coalesce(sum(rows_set_aside), 0) "
            "FROM raw.ledger WHERE file_id > ? GROUP BY ALL ORDER BY 1",
            [before],
        ).fetchall()
        report.rejected = con.execute(
            "SELECT path, reason FROM raw.ledger WHERE file_id > ? AND outcome = 'rejected' "
            "ORDER BY path",
            [before],
        ).fetchall()
        report.set_aside = con.execute(
            "SELECT path, source_row, column_name, reason FROM raw.set_aside "
            "WHERE file_id > ? AND rule <> 'file' ORDER BY path, source_row, column_name "
            "LIMIT 200",
            [before],
        ).fetchall()
        report.set_aside_total = con.execute(
            "SELECT coalesce(sum(rows_set_aside), 0) FROM raw.ledger "
            "WHERE file_id > ? AND outcome = 'loaded'",
            [before],
        ).fetchone()[0]
    finally:
        con.close()
    taken = sum(row[1] for row in report.by_source)
    report.unchanged = max(len(discover(landing)) - taken, 0)
    return report
