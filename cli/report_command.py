"""`attt report`: the monthly report of a month, as PDF and XLSX."""

from __future__ import annotations

import re
from pathlib import Path

import click

from core import locations


@click.command("report")
@click.option("--period", required=True, metavar="YYYY-MM", help="The month reported on.")
@click.option(
    "--final",
    is_flag=True,
    help="The final version, without the DỰ THẢO mark; refused unless the month is "
    "publishable.",
)
@click.option(
    "--serving",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The serving copy to report on (default: $ATTT_SERVING or <data>/serving).",
)
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Report on the serving copy published from this warehouse, and let --final also ask "
    "the warehouse's latest quality checks (a run may be building it; by default only the "
    "published status counts).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write into (default: data/reports/YYYY-MM/).",
)
def report(
    period: str,
    final: bool,
    serving: Path | None,
    warehouse: Path | None,
    out_dir: Path | None,
) -> None:
    """Write bao-cao-attt-YYYY-MM.pdf and .xlsx for a month, from the published serving copy."""
    from orchestration.monthly_report import write_report
    from reports.build import FinalRefused
    from reports.content import UnknownMonth

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise click.BadParameter("expected YYYY-MM", param_hint="--period")
    serving = serving or locations.serving_path(None, warehouse)
    if not serving.exists():
        raise click.ClickException(f"no serving copy at {serving}: run `attt run` first")
    target = out_dir or locations.reports_dir() / period
    try:
        files = write_report(serving, period, target, final=final, warehouse=warehouse)
    except FinalRefused as refused:
        raise click.ClickException(str(refused)) from refused
    except UnknownMonth as unknown:
        raise click.ClickException(str(unknown)) from unknown
    kind = "draft (DỰ THẢO)" if files.draft else "final"
    click.echo(f"{kind} report for {period}, methodology {files.methodology_version}, "
               f"inputs {files.fingerprint[:16]}")
    click.echo(f"  {files.pdf}")
    click.echo(f"  {files.xlsx}")
    click.echo(f"  and {len(files.cards) // 2} unit cards (PDF and XLSX) under {target / 'units'}")
    if files.draft and files.publishable:
        click.echo("The month is publishable: --final makes the final version.")
