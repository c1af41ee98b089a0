"""`attt report`: the monthly report of a month, as PDF and XLSX."""

from __future__ import annotations

import re
from pathlib import Path

import click

from cli.language import reader_lang, say
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
    from reports.build import FinalRefused, refusal
    from reports.content import UnknownMonth
    from reports.unit_card import CardNotLaidOut

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise click.BadParameter(say("cần dạng YYYY-MM", "expected YYYY-MM"), param_hint="--period")
    serving = serving or locations.serving_path(None, warehouse)
    if not serving.exists():
        raise click.ClickException(say(
            f"chưa có bản phục vụ tại {serving}: hãy chạy `attt run` trước",
            f"no serving copy at {serving}: run `attt run` first",
        ))  # fmt: skip
    target = out_dir or locations.reports_dir() / period
    try:
        files = write_report(serving, period, target, final=final, warehouse=warehouse)
    except FinalRefused as refused:
        raise click.ClickException(
            refusal(refused.period, refused.reasons, reader_lang())
        ) from refused
    except (UnknownMonth, CardNotLaidOut) as said:
        raise click.ClickException(said.words(reader_lang())) from said
    month = f"{period[5:]}/{period[:4]}"
    cards = len(files.cards) // 2
    click.echo(say(
        f"Báo cáo {'DỰ THẢO' if files.draft else 'chính thức'} tháng {month}, phương pháp "
        f"{files.methodology_version}, dữ liệu đầu vào {files.fingerprint[:16]}",
        f"{'Draft' if files.draft else 'Final'} report for {period}, methodology "
        f"{files.methodology_version}, inputs {files.fingerprint[:16]}",
    ))  # fmt: skip
    click.echo(f"  {files.pdf}")
    click.echo(f"  {files.xlsx}")
    units = target / "units"
    click.echo(say(f"  và phiếu đánh giá của {cards} đơn vị (PDF và XLSX) trong {units}",
                   f"  and {cards} unit cards (PDF and XLSX) under {units}"))  # fmt: skip
    if files.draft and files.publishable:
        click.echo(say("Tháng này đủ điều kiện công bố: --final tạo bản chính thức.",
                       "The month is publishable: --final makes the final version."))  # fmt: skip
