"""The app's commands: `attt app` starts the Streamlit app; `attt users add|list|disable|reset|
role` manages its local accounts; `attt audit` prints the audit log."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cli.help_words import SaidGroup
from cli.language import reader_lang, say
from core import locations
from readside.i18n import t

MAIN = Path(__file__).resolve().parent / "main.py"


@click.command("app")
@click.option("--port", type=int, default=8501, show_default=True)
@click.option(
    "--serving",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The published serving copy to read (default: data/serving/attt.duckdb).",
)
@click.option("--address", default="localhost", show_default=True, help="Address to listen on.")
def app_command(port: int, serving: Path | None, address: str) -> None:
    """Start the app (Streamlit) on the published serving copy, read-only."""
    env = dict(os.environ)
    env["ATTT_SERVING"] = str(locations.serving_path(serving).resolve())
    env.setdefault("ATTT_APP_STATE", str(locations.app_state_path().resolve()))
    env.setdefault("ATTT_REPORTS", str(locations.reports_dir().resolve()))
    copy = env["ATTT_SERVING"]
    click.echo(f"ATTT Scorecard: http://{address}:{port}  "
               + say(f"(bản phục vụ {copy})", f"(serving copy {copy})"))  # fmt: skip
    if not Path(copy).exists():
        click.echo(say("Chưa có bản phục vụ ở đó: ứng dụng sẽ báo như vậy cho đến khi `attt run` "
                       "công bố.", "No serving copy there yet: the app will say so until "
                       "`attt run` publishes."), err=True)  # fmt: skip
    command = [
        sys.executable, "-m", "streamlit", "run", str(MAIN),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    # This process becomes the server: stopping `attt app` (Ctrl-C, kill) stops the server.
    os.execve(sys.executable, command, env)


@click.group("users", cls=SaidGroup)
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The app-state database (default: data/app/app_state.sqlite or ATTT_APP_STATE).",
)
@click.pass_context
def users(ctx: click.Context, state: Path | None) -> None:
    """Manage the app's local accounts (argon2id password hashes)."""
    from app.accounts import AccountStore

    ctx.obj = AccountStore(locations.app_state_path(state))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Mật khẩu / Password", hide_input=True, confirmation_prompt=True)


def _run(action) -> None:
    from app.accounts import AccountError

    try:
        action()
    except AccountError as error:
        raise click.ClickException(str(error)) from error


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "analyst", "unit"]), required=True)
@click.option("--unit", "unit_code", default=None, help="The unit code of a unit account.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def users_add(store, name: str, role: str, unit_code: str | None, password_stdin: bool) -> None:
    """Add an account."""
    password = _password(password_stdin)
    _run(lambda: store.add(name, password, role, unit_code))
    unit, vi_role = (f" {unit_code}" if unit_code else ""), t(f"role_{role}")
    click.echo(say(f"đã thêm {name} ({vi_role}{unit})", f"added {name} ({role}{unit})"))


@users.command("list")
@click.pass_obj
def users_list(store) -> None:
    """List the accounts."""
    from core.text_table import render_table

    lang = reader_lang()
    rows = [
        (a.username, t(f"role_{a.role}", lang), a.unit_code or "",
         say("đã khoá", "disabled") if a.disabled else say("đang dùng", "active"))
        for a in store.list()
    ]  # fmt: skip
    header = [say("tài khoản", "user"), say("vai trò", "role"), say("đơn vị", "unit"),
              say("trạng thái", "status")]  # fmt: skip
    click.echo(render_table(header, rows))


@users.command("disable")
@click.argument("name")
@click.pass_obj
def users_disable(store, name: str) -> None:
    """Disable an account: it can no longer log in, and its open sessions end at their next
    click."""
    _run(lambda: store.disable(name))
    click.echo(say(f"đã khoá {name}", f"disabled {name}"))


@users.command("reset")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def users_reset(store, name: str, password_stdin: bool) -> None:
    """Set a new password (also re-enables the account and lifts every login wait on it; its
    open sessions end)."""
    password = _password(password_stdin)
    _run(lambda: store.reset(name, password))
    click.echo(say(f"đã đặt lại mật khẩu của {name}", f"password reset for {name}"))


@users.command("role")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "analyst", "unit"]), required=True)
@click.option("--unit", "unit_code", default=None, help="The unit code of a unit account.")
@click.pass_obj
def users_role(store, name: str, role: str, unit_code: str | None) -> None:
    """Give an account another role (and unit); its open sessions end at their next click."""
    _run(lambda: store.set_role(name, role, unit_code))
    unit, vi_role = (f" {unit_code}" if unit_code else ""), t(f"role_{role}")
    click.echo(say(f"{name} nay là {vi_role}{unit}", f"{name} is now {role}{unit}"))


@click.command("audit")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    default=None,
    help="Only entries from this day (Vietnam time) or instant on.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The app-state database (default: data/app/app_state.sqlite or ATTT_APP_STATE).",
)
def audit_command(since, fmt: str, state: Path | None) -> None:
    """Print the audit log, oldest first: logins (and failed ones), logouts, sessions ended,
    unit views, downloads and account changes, with times in Vietnam time."""
    import datetime as dt

    from app.accounts import EVENTS, AccountStore
    from readside.cell_safety import csv_text

    vietnam = dt.timezone(dt.timedelta(hours=7))
    start = since.replace(tzinfo=vietnam) if since else None
    entries = list(reversed(AccountStore(locations.app_state_path(state)).audit_log(
        limit=10_000_000, since=start.astimezone(dt.UTC) if start else None)))  # fmt: skip
    rows = [
        (
            dt.datetime.fromisoformat(at).astimezone(vietnam).strftime("%d/%m/%Y %H:%M:%S"),
            user, event, EVENTS.get(event, event), detail or "",
        )
        for at, user, event, detail in entries
    ]  # fmt: skip
    header = ["thời điểm / at (UTC+7)", "tài khoản / user", "sự kiện / event",
              "mô tả / description", "chi tiết / detail"]  # fmt: skip
    if fmt == "csv":
        click.echo(csv_text(header, rows), nl=False)
        return
    from core.text_table import render_table

    click.echo(render_table(header, rows))
