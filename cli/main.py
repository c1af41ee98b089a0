"""The `attt` command line: demo data, a pipeline run through the Dagster definitions, and the
ledger of landing files."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

import click

from cli.help_words import SaidGroup
from cli.language import reader_lang, say
from core import locations
from core.text_table import render_table

LEDGER_COLUMNS = (
    "file",
    "source",
    "status",
    "rows_read",
    "rows_loaded",
    "rows_set_aside",
    "reason",
    "file_id",
    "content_hash",
    "size_bytes",
    "file_date",
    "ingested_at",
    "superseded_by",
)


@click.group(
    cls=SaidGroup,
    help="ATTT Scorecard: information-security performance of ministries, sectors and "
    "provinces, from landing files to scores."
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    envvar="ATTT_LANG",
    show_default=True,
    is_eager=True,  # read before --help, which says its texts in this language
    help="The language of what the commands print for a person: Vietnamese, or English "
    "(also $ATTT_LANG). CSV and JSON keep the contract's column names and codes.",
)
def main(lang: str) -> None:
    """The commands read `--lang` from the root context's parameters (cli.language.lang_of)."""


@main.command("demo-data")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the landing zone into.",
)
@click.option(
    "--scale",
    type=click.Choice(["small", "national"]),
    default="small",
    show_default=True,
    help="small: a few hundred systems; national: ~8,500 systems "
    "and ~470,000 infected addresses a day.",
)
@click.option(
    "--seed",
    type=int,
    default=42,
    show_default=True,
    help="The same seed (with the same --days and --end) gives the same files.",
)
@click.option("--days", type=int, default=None, help="Days of daily feeds (default 92).")
@click.option(
    "--end",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day covered (default: yesterday in Vietnam).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def demo_data(
    out_dir: Path, scale: str, seed: int, days: int | None, end: dt.datetime | None, quiet: bool
) -> None:
    """Write a demo landing zone in contract v1 that looks like Vietnam."""
    from demo import generate_landing_zone

    summary = generate_landing_zone(
        out_dir,
        scale=scale,
        seed=seed,
        days=days,
        end=end.date() if end else None,
        progress=not quiet,
    )
    click.echo(summary.render(reader_lang()))


@main.command("run")
@click.option(
    "--landing",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Landing zone (default: $ATTT_LANDING or <data>/landing).",
)
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Warehouse file (default: $ATTT_WAREHOUSE or <data>/warehouse/attt.duckdb).",
)
@click.option(
    "--show", type=int, default=20, show_default=True, help="How many set-aside rows to print."
)
def run(landing: Path | None, warehouse: Path | None, show: int) -> None:
    """Run the pipeline: take in the landing zone's new and corrected files.

    Exit status: 0 when the run succeeded, 1 when it failed or a blocking check stopped it, 75
    when another run holds the warehouse (nothing was done: run again when it has finished)."""
    from orchestration.run_lock import BUSY_EXIT_CODE, WarehouseBusy, describe_holder
    from orchestration.runner import run_pipeline

    landing = locations.landing_dir(landing)
    warehouse = locations.warehouse_path(warehouse)
    if not landing.is_dir():
        raise click.ClickException(say(f"không tìm thấy vùng tiếp nhận: {landing}",
                                       f"landing zone not found: {landing}"))
    try:
        result = run_pipeline(warehouse=warehouse, landing=landing)
    except WarehouseBusy as busy:
        click.echo(describe_holder(busy.warehouse, busy.holder, reader_lang()), err=True)
        sys.exit(BUSY_EXIT_CODE)
    click.echo(result.render(show, reader_lang()))
    if not result.success:
        sys.exit(1)


def _open_read_only(warehouse: Path):
    """The warehouse, read-only, for the commands that read the raw layer; a clear message when
    there is none or a run is writing it."""
    import duckdb

    from ingest.warehouse import connect
    from orchestration.run_lock import describe_holder, holder_of

    if not warehouse.exists():
        raise click.ClickException(say(
            f"chưa có kho dữ liệu tại {warehouse}: hãy chạy `attt run` trước (hoặc chỉ rõ "
            "--warehouse)",
            f"no warehouse at {warehouse}: run `attt run` first (or pass --warehouse)",
        ))  # fmt: skip
    try:
        return connect(warehouse, read_only=True)
    except duckdb.IOException as exc:
        holder = holder_of(warehouse)
        if holder is None:
            raise click.ClickException(say(
                f"không mở được kho dữ liệu {warehouse}: {exc}",
                f"the warehouse {warehouse} cannot be opened: {exc}",
            )) from exc  # fmt: skip
        raise click.ClickException(
            describe_holder(warehouse, holder, reader_lang(), reader=True)
        ) from exc


def _source_of_reads(serving: Path | None, warehouse: Path | None) -> Path:
    """What `export` and `quality` read: the serving copy (published, consistent) unless
    `--warehouse` asks for the warehouse itself."""
    if warehouse is not None:
        return warehouse
    path = locations.serving_path(serving)
    if not path.exists():
        raise click.ClickException(say(
            f"chưa có bản phục vụ tại {path}: hãy chạy `attt run` trước (hoặc chỉ rõ --serving "
            "hay --warehouse)",
            f"no serving copy at {path}: run `attt run` first (or pass --serving or --warehouse)",
        ))  # fmt: skip
    return path


SERVING_OPTION_HELP = "The serving copy to read (default: $ATTT_SERVING or <data>/serving)."
WAREHOUSE_READ_HELP = (
    "Read this warehouse instead of the published serving copy. A run may be building it: its "
    "marts can be half new, half old until the run ends."
)


@main.command("files")
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True
)
def files(warehouse: Path | None, fmt: str) -> None:
    """Print the ledger: every landing file taken in, its status and row counts."""
    con = _open_read_only(locations.warehouse_path(warehouse))
    rows = con.execute(
        "SELECT path, source, status, rows_read, rows_loaded, rows_set_aside, reason, file_id, "
        "content_hash, size_bytes, file_date, strftime(ingested_at, '%Y-%m-%dT%H:%M:%SZ'), "
        "superseded_by FROM raw.files ORDER BY path, file_id"
    ).fetchall()
    con.close()
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(LEDGER_COLUMNS)
        writer.writerows(["" if x is None else x for x in row] for row in rows)
        return
    from readside.i18n import number
    from readside.reasons import in_language
    from readside.vocabulary import word

    lang = reader_lang()

    def count(value) -> str:
        return "" if value is None else number(value, 0, lang)

    header = [say("tệp", "file"), say("nguồn", "source"), say("trạng thái", "status"),
              say("đã đọc", "read"), say("đã nạp", "loaded"), say("tách riêng", "set aside"),
              say("lý do", "reason")]  # fmt: skip
    click.echo(
        render_table(
            header,
            [(path, word("source", source, lang), word("status", status, lang),
              count(read), count(loaded), count(aside), in_language(reason, lang))
             for path, source, status, read, loaded, aside, reason, *_ in rows],
        )
    )  # fmt: skip
    total = [count(sum(r[i] or 0 for r in rows if r[2] != "superseded")) for i in (3, 4, 5)]
    click.echo(say(
        f"\n{count(len(rows))} tệp; các phiên bản hiện hành: đã đọc {total[0]} dòng, đã nạp "
        f"{total[1]}, tách riêng {total[2]}",
        f"\n{len(rows)} files; current versions: {total[0]} rows read, {total[1]} loaded, "
        f"{total[2]} set aside",
    ))  # fmt: skip


@main.command("set-aside")
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--file", "path", default=None, help="Only this landing file (relative path).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True
)
def set_aside(warehouse: Path | None, path: str | None, fmt: str) -> None:
    """Print the rows set aside: file, row, column, rule and reason."""
    con = _open_read_only(locations.warehouse_path(warehouse))
    rows = con.execute(
        "SELECT s.path, s.source_row, s.column_name, s.rule, s.reason, s.value "
        "FROM raw.set_aside s JOIN raw.files f USING (file_id) "
        "WHERE f.is_current AND (? IS NULL OR s.path = ?) "
        "ORDER BY s.path, s.source_row NULLS FIRST, s.column_name",
        [path, path],
    ).fetchall()
    con.close()
    header = ["file", "row", "column", "rule", "reason", "value"]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(["" if x is None else x for x in row] for row in rows)
    else:
        from readside.reasons import in_language
        from readside.vocabulary import RULES

        lang = reader_lang()
        words = [say("tệp", "file"), say("dòng", "row"), say("cột", "column"),
                 say("quy tắc", "rule"), say("lý do", "reason"),
                 say("giá trị", "value")]  # fmt: skip
        click.echo(render_table(words, [
            (file, row, column, RULES.get(rule, (rule, rule))[lang == "en"],
             in_language(reason, lang), value)
            for file, row, column, rule, reason, value in rows
        ]))  # fmt: skip


@main.command("export")
@click.argument("what", type=click.Choice(["scores", "gaps", "kpis", "changes", "plan"]))
@click.option(
    "--period",
    "periods",
    multiple=True,
    metavar="YYYY-MM",
    help="A month to export; repeat for several (default: every month).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option(
    "--serving",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=SERVING_OPTION_HELP,
)
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=WAREHOUSE_READ_HELP,
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "table"]),
    default="csv",
    show_default=True,
    help="csv: every column, for machines; table: the headline columns, for a person.",
)
def export(
    what: str,
    periods: tuple[str, ...],
    out: Path | None,
    serving: Path | None,
    warehouse: Path | None,
    fmt: str,
) -> None:
    """Export scores, compliance gaps, national KPIs, score changes or the paths to the next
    grade as CSV (or read them as a table).

    The scores CSV starts with the methodology's 17 columns in order (period, unit_code,
    unit_name, peer_group, the seven indicators, composite, coverage, ranked, rank, grade,
    rank_change), then the rank spread and the counts behind each indicator. The changes CSV
    has one row per unit and indicator for every month whose unit had a composite the month
    before too: period, unit_code, indicator, previous_value, value, contribution (composite
    points; a unit's seven add up to the change of its composite). The plan CSV has, for every
    ranked unit below grade A, the fewest actions that lift it to the next grade, steps
    numbered from 1 in the order taken: period, unit_code, step, action, indicator, system_id,
    item, gain (the step's change in composite points), projected_composite (after the step),
    projected_grade. `--format table`
    prints the scores' headline columns for a person, in Vietnamese words and number forms."""
    import re

    from core.whole_file import written_whole
    from readside.exports import ExportError, export_csv, write_export_csv

    for period in periods:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
            raise click.BadParameter(say(
                f"'{period}' không phải một tháng dạng YYYY-MM",
                f"'{period}' is not a month in the form YYYY-MM",
            ), param_hint="--period")  # fmt: skip
    source, months = _source_of_reads(serving, warehouse), list(periods) or None
    try:
        if fmt == "table":
            text = export_csv(source, what, months)
            click.echo(_scores_table(text) if what == "scores" else _plain_table(text))
        elif out is None:
            write_export_csv(source, what, months, sys.stdout)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            # a failed export leaves the old file as it was and no half file
            with (
                written_whole(out) as partial,
                open(partial, "w", encoding="utf-8", newline="") as file,
            ):
                rows = write_export_csv(source, what, months, file)
            click.echo(say(f"đã ghi {out} ({rows} dòng)", f"wrote {out} ({rows} rows)"), err=True)
    except ExportError as exc:
        raise click.ClickException(exc.words(reader_lang())) from exc


def _plain_table(text: str) -> str:
    rows = list(csv.reader(text.splitlines()))
    return render_table(rows[0], [tuple(r) for r in rows[1:]])


def _scores_table(text: str) -> str:
    """The headline columns of a scores export, as a person reads them."""
    from readside.i18n import column, number
    from readside.vocabulary import word

    shown = ("period", "unit_code", "unit_name", "peer_group", "composite", "coverage", "rank",
             "grade", "rank_change")  # fmt: skip
    rows = []
    for row in csv.DictReader(text.splitlines()):
        rows.append(
            (
                f"{row['period'][5:]}/{row['period'][:4]}", row["unit_code"], row["unit_name"],
                word("peer_group", row["peer_group"]).split(",")[0],
                number(float(row["composite"]), 2) if row["composite"] else "–",
                number(float(row["coverage"]), 2),
                row["rank"] or "chưa xếp hạng", row["grade"] or "–",
                row["rank_change"] or "–",
            )
        )  # fmt: skip
    return render_table([column(c) for c in shown], rows, width=48)


@main.command("quality")
@click.option("--period", required=True, metavar="YYYY-MM", help="The month to judge.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--serving",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=SERVING_OPTION_HELP,
)
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=WAREHOUSE_READ_HELP + " Its checks are the latest, published or not.",
)
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Judge freshness as of this date (default: today in Vietnam).",
)
def quality(
    period: str,
    fmt: str,
    serving: Path | None,
    warehouse: Path | None,
    as_of: dt.datetime | None,
) -> None:
    """Whether a month may be published: every blocking check on the inputs that serve it and
    on its marts passed. Lists blocking failures, warnings and stale sources. Reads the status
    published with the serving copy (or, with --warehouse, the warehouse's latest checks)."""
    import json

    from quality.status import month_status, published_month_status, render_text

    day = as_of.date() if as_of else None
    if warehouse is not None:
        con = _open_read_only(warehouse)
        reader = month_status
    else:
        from core.duckdb_limits import connect as limited_connect

        con = limited_connect(_source_of_reads(serving, None), read_only=True)
        reader = published_month_status
    try:
        status = reader(con, period, day)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        con.close()
    if fmt == "json":
        click.echo(json.dumps(status, ensure_ascii=False, indent=2, default=str))
    else:
        from readside.vocabulary import check_words, observed_words, status_batch_words, word

        lang = reader_lang()  # the headings say both languages; the findings say the chosen one

        def detail(value) -> str:
            if isinstance(value, dict):
                return observed_words(value, lang)
            return str(value)

        click.echo(render_text(status, lambda c: check_words(c, lang), detail,
                               lambda s: word("source", s, lang),
                               lambda b: status_batch_words(b, lang)))  # fmt: skip


@main.command("dbt", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
def dbt(warehouse: Path | None, dbt_args: tuple[str, ...]) -> None:
    """Run a dbt command on the project with the methodology's vars, e.g. `attt dbt build` or
    `attt dbt test --select test_type:unit` (the pipeline runs dbt by itself)."""
    import subprocess

    from orchestration.dbt_project import DBT_PROJECT_DIR, dbt_executable, dbt_vars
    from orchestration.run_lock import (
        BUSY_EXIT_CODE,
        WarehouseBusy,
        describe_holder,
        hold_warehouse,
    )

    command = [
        dbt_executable(),
        *dbt_args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--vars",
        dbt_vars(locations.warehouse_path(warehouse)),
    ]
    try:
        with hold_warehouse(locations.warehouse_path(warehouse)):
            code = subprocess.call(command)
    except WarehouseBusy as busy:
        click.echo(describe_holder(busy.warehouse, busy.holder, reader_lang()), err=True)
        code = BUSY_EXIT_CODE
    sys.exit(code)


def _register_app_commands() -> None:
    from cli.app_commands import app_command, audit_command, users
    from cli.report_command import report

    main.add_command(app_command)
    main.add_command(audit_command)
    main.add_command(users)
    main.add_command(report)


_register_app_commands()

if __name__ == "__main__":
    main()
