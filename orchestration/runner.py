"""Run the pipeline in-process through the project's Dagster definitions, and report on it.

`attt run` and the tests call `run_pipeline`: it takes the warehouse's lock (a second run is
refused at once with `WarehouseBusy`), removes what earlier runs left, materialises the same jobs
that `dagster dev` shows against the given landing zone and warehouse, with dbt's output in a log
file of its own, then reads back from the ledger what this run took in, rejected and set aside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from core import locations
from core.clock import today_in_vietnam
from core.text_table import render_table
from ingest.pipeline import discover, landing_untouched
from ingest.warehouse import connect
from orchestration.assets.publish import refresh_freshness
from orchestration.build_state import is_up_to_date
from orchestration.definitions import build_definitions
from orchestration.leftovers import remove_leftovers
from orchestration.resources import build_resources
from orchestration.run_lock import hold_warehouse
from readside.i18n import number
from readside.reasons import in_language
from readside.vocabulary import word

UNRECOGNISED = "(unrecognised)"  # a landing file no source claims
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
    up_to_date: bool = False  # nothing new since the last publish: the build was skipped
    log: Path | None = None
    retaken: list[tuple] = field(default_factory=list)  # (path, reason) taken in again
    not_read: int = 0  # landing entries no step of this run looked at
    previous_interrupted: bool = False
    removed: list[str] = field(default_factory=list)

    def render(self, show: int = 20, lang: str = "vi") -> str:
        """The run in words for the person who started it: Vietnamese, or English with `lang`
        "en"; sources, reasons and rules in the reader's words (the ledger keeps the contract's
        English reasons)."""

        def say(vi: str, en: str) -> str:
            return en if lang == "en" else vi

        def count(value) -> str:
            return number(value or 0, 0, lang)

        def reason(text) -> str:
            return in_language(text, lang) or ""

        ok = say("thành công", "succeeded") if self.success else say("THẤT BẠI", "FAILED")
        lines = [
            f"{say('Lần chạy', 'Run')} {self.run_id}: {ok}",
            f"{say('Kho dữ liệu', 'Warehouse')}: {self.warehouse}",
            "",
        ]
        if self.by_source:
            header = [
                say("nguồn", "source"),
                say("tệp", "files"),
                say("tiếp nhận", "loaded"),
                say("từ chối", "rejected"),
                say("dòng đã đọc", "rows read"),
                say("dòng đã nạp", "rows loaded"),
                say("dòng tách riêng", "rows set aside"),
            ]
            rows = [
                (
                    say("(không nhận dạng được)", source)
                    if source == UNRECOGNISED
                    else word("source", source, lang),
                    *(count(v) for v in values),
                )
                for source, *values in self.by_source
            ]
            lines.append(render_table(header, rows))
        else:
            lines.append(
                say("Không có tệp mới hoặc tệp thay đổi.", "No new or changed landing files.")
            )
        if self.previous_interrupted:
            lines.append(
                say(
                    "\nLần chạy trước chưa kết thúc (bị dừng giữa chừng): lần chạy này đã "
                    "làm lại phần việc của nó.",
                    "\nThe previous run did not finish (it was killed part-way): this run "
                    "redid its work.",
                )
            )
        if self.removed:
            lines.append(
                say(
                    f"Đã xoá {count(len(self.removed))} tệp còn sót của các lần chạy trước.",
                    f"Removed {len(self.removed)} leftovers of earlier runs.",
                )
            )
        if self.unchanged:
            lines.append(
                say(
                    f"\n{count(self.unchanged)} tệp đã tiếp nhận không thay đổi.",
                    f"\n{self.unchanged} files already taken in were unchanged.",
                )
            )
        if self.not_read:
            lines.append(
                say(
                    f"{count(self.not_read)} tệp trong vùng tiếp nhận chưa được đọc ở lần chạy "
                    "này: các bước đọc chúng đã không chạy (xem các bước và kiểm tra lỗi bên "
                    "dưới).",
                    f"{self.not_read} landing files were not read in this run: the steps that read "
                    "them did not run (see the failed steps and checks below).",
                )
            )
        if self.retaken:
            lines.append(
                say(
                    f"\n{count(len(self.retaken))} tệp được tiếp nhận lại:",
                    f"\n{len(self.retaken)} files taken in again:",
                )
            )
            lines += [f"  {path}: {reason(why)}" for path, why in self.retaken]
        if self.rejected:
            lines.append(say("\nTệp bị từ chối:", "\nRejected files:"))
            lines += [f"  {path}: {reason(why)}" for path, why in self.rejected]
        if self.set_aside:
            shown = self.set_aside[:show]
            lines.append(
                say(
                    f"\n{count(self.set_aside_total)} dòng bị tách riêng; {count(len(shown))} "
                    "lý do đầu tiên (xem tất cả: `attt set-aside`):",
                    f"\n{self.set_aside_total} rows set aside; the first {len(shown)} "
                    "reasons (all of them: `attt set-aside`):",
                )
            )
            lines += [
                f"  {path}, {say('dòng', 'row')} {row}, "
                + (f"{say('cột', 'column')} {column}: " if column else "")
                + reason(why)
                for path, row, column, why in shown
            ]
        lines.append(
            say(
                f"\ndbt: đã dựng {count(self.models_built)} mô hình, {count(self.checks_passed)} "
                f"kiểm tra đạt, {count(len(self.checks_failed))} không đạt",
                f"\ndbt: {self.models_built} models built, {self.checks_passed} tests passed, "
                f"{len(self.checks_failed)} failed",
            )
        )
        lines += [f"  {say('không đạt', 'failed')}: {name}" for name in self.checks_failed]
        lines += [f"{say('Bước lỗi', 'Failed step')}: {step}" for step in self.failed_steps]
        if self.log:
            log = say("Nhật ký của lần chạy (đầu ra của dbt)", "This run's log (dbt's output)")
            lines.append(f"{log}: {self.log}")
        if self.published:
            lines.append(f"{say('Đã công bố', 'Published')}: {self.serving}")
        elif self.up_to_date:
            lines.append(
                say(
                    "Không có gì mới kể từ lần công bố trước (không có tệp, hiệu chỉnh hay "
                    f"thay đổi mã nguồn nào): bỏ qua bước dựng, bản phục vụ {self.serving} "
                    "giữ nguyên.",
                    "Nothing new since the last publish (no file, correction or code change): "
                    f"the build was skipped, and the serving copy {self.serving} stays as it is.",
                )
            )
        else:
            lines.append(
                say(
                    f"Chưa công bố: bản phục vụ {self.serving} được giữ nguyên.",
                    f"Not published: the serving copy {self.serving} was left as it was.",
                )
            )
        return "\n".join(lines)


def run_pipeline(
    warehouse: Path,
    landing: Path,
    serving: Path | None = None,
    instance: dg.DagsterInstance | None = None,
    job_name: str = "pipeline",
) -> RunReport:
    """Materialise the pipeline (ingest, dbt build, publish) in-process, holding the warehouse.
    Raises `WarehouseBusy` at once when another run holds it."""
    warehouse = Path(warehouse)
    serving_path = locations.serving_path(serving, warehouse)
    log_dir = warehouse.parent / "logs"
    with hold_warehouse(warehouse) as start:
        removed = remove_leftovers(warehouse, serving_path, locations.reports_dir(), log_dir)
        if job_name == "pipeline" and not start.previous_interrupted:
            untouched = _untouched_and_published(warehouse, landing, serving_path)
            if untouched is not None:
                report = _nothing_new(warehouse, landing, serving, serving_path, untouched)
                report.removed = removed
                return report
        defs = build_definitions(warehouse=warehouse, landing=landing, serving=serving)
        job = defs.resolve_job_def(job_name)
        if instance is None:
            instance = dg.DagsterInstance.ephemeral()
        run_id = str(uuid.uuid4())
        # dbt's own log lines (which dagster-dbt echoes to standard output) go to this run's
        # own log file.
        log_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        log_path = log_dir / f"pipeline-{stamp}-{run_id[:8]}.log"
        with open(log_path, "w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            result = job.execute_in_process(
                instance=instance, run_config=QUIET, raise_on_error=False, run_id=run_id
            )
        report = _report(result, warehouse, landing)
    report.previous_interrupted = start.previous_interrupted
    report.removed = removed
    report.log = log_path
    report.serving = serving_path
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    report.models_built = sum(
        1 for key in materialized if key.path[0] in ("staging", "intermediate", "marts")
    )
    report.published = dg.AssetKey(["serving", "serving_copy"]) in materialized
    if result.success and not report.published:
        con = connect(warehouse, read_only=True)
        try:
            report.up_to_date = is_up_to_date(con, serving_path)
        finally:
            con.close()
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


def _untouched_and_published(warehouse: Path, landing: Path, serving: Path) -> int | None:
    """The number of landing entries when none is new or changed since it was taken in and the
    serving copy was published from exactly these inputs and code; else None."""
    if not warehouse.exists():
        return None
    con = connect(warehouse)
    try:
        untouched = landing_untouched(con, landing)
        if untouched is None or not is_up_to_date(con, serving):
            return None
        return untouched
    finally:
        con.close()


def _nothing_new(
    warehouse: Path, landing: Path, serving: Path | None, serving_path: Path, untouched: int
) -> RunReport:
    """A run with nothing to do: every landing file is as it was taken in and the serving copy
    was published from these inputs, so no step would read or build anything. The run is not
    started (the landing sensor, likewise, asks for no run when nothing changed: issue 14,
    about 5 s of starting Dagster's steps to find nothing); only the freshness and the months'
    status are judged again when the day has changed, as the skipped build does."""
    resources = build_resources(warehouse, landing, serving)
    refresh_freshness(resources["warehouse"], today_in_vietnam())
    return RunReport(
        success=True,
        run_id=str(uuid.uuid4()),
        warehouse=warehouse,
        unchanged=untouched,
        serving=serving_path,
        up_to_date=True,
    )


def _report(result: dg.ExecuteInProcessResult, warehouse: Path, landing: Path) -> RunReport:
    """What this run took in, from the ledger rows it wrote and its steps' metadata."""
    run_id = result.run_id
    report = RunReport(success=result.success, run_id=run_id, warehouse=warehouse)
    con = connect(warehouse, read_only=True)
    try:
        new = "run_id = ? AND rechecked_from IS NULL"
        report.by_source = con.execute(
            f"SELECT coalesce(source, '{UNRECOGNISED}'), count(*), "
            "count(*) FILTER (WHERE outcome = 'loaded'), "
            "count(*) FILTER (WHERE outcome = 'rejected'), "
            "coalesce(sum(rows_read), 0), sum(rows_loaded), coalesce(sum(rows_set_aside), 0) "
            f"FROM raw.ledger WHERE {new} GROUP BY ALL ORDER BY 1",
            [run_id],
        ).fetchall()
        report.rejected = con.execute(
            f"SELECT path, reason FROM raw.ledger WHERE {new} AND outcome = 'rejected' "
            "ORDER BY path",
            [run_id],
        ).fetchall()
        report.retaken = con.execute(
            "SELECT path, reason FROM raw.ledger WHERE run_id = ? AND rechecked_from IS NOT NULL "
            "ORDER BY path",
            [run_id],
        ).fetchall()
        report.set_aside = con.execute(
            "SELECT s.path, s.source_row, s.column_name, s.reason FROM raw.set_aside s "
            "JOIN raw.ledger l USING (file_id) "
            "WHERE l.run_id = ? AND s.rule <> 'file' "
            "ORDER BY s.path, s.source_row, s.column_name LIMIT 200",
            [run_id],
        ).fetchall()
        report.set_aside_total = con.execute(
            "SELECT coalesce(sum(rows_set_aside), 0) FROM raw.ledger "
            "WHERE run_id = ? AND outcome = 'loaded'",
            [run_id],
        ).fetchone()[0]
    finally:
        con.close()
    # Unchanged files are counted by the steps that looked at them: a step that did not run
    # looked at none, and its files are "not read", not "unchanged".
    for event in result.get_asset_materialization_events():
        files_unchanged = event.materialization.metadata.get("files_unchanged")
        if files_unchanged is not None:
            report.unchanged += files_unchanged.value
    taken = sum(row[1] for row in report.by_source)
    report.not_read = max(len(discover(landing)) - taken - report.unchanged, 0)
    return report
