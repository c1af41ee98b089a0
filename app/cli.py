"""The app's commands: `attt app` starts the Streamlit app; `attt users add|list|disable|reset`
manages its local accounts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from ingest import locations

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
    click.echo(f"ATTT Scorecard: http://{address}:{port}  (serving copy {env['ATTT_SERVING']})")
    if not Path(env["ATTT_SERVING"]).exists():
        click.echo("No serving copy there yet: the app will say so until `attt run` publishes.",
                   err=True)
    command = [
        sys.executable, "-m", "streamlit", "run", str(MAIN),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ]
    sys.exit(subprocess.call(command, env=env))


@click.group("users")
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
    click.echo(f"added {name} ({role}{' ' + unit_code if unit_code else ''})")


@users.command("list")
@click.pass_obj
def users_list(store) -> None:
    """List the accounts."""
    from orchestration.cli import render_table

    rows = [
        (
            a.username, a.role, a.unit_code or "", "disabled" if a.disabled else "active",
            a.locked_until.isoformat(timespec="seconds") if a.locked_until else "",
        )
        for a in store.list()
    ]
    click.echo(render_table(["user", "role", "unit", "status", "locked until"], rows))


@users.command("disable")
@click.argument("name")
@click.pass_obj
def users_disable(store, name: str) -> None:
    """Disable an account (it can no longer log in)."""
    _run(lambda: store.disable(name))
    click.echo(f"disabled {name}")


@users.command("reset")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def users_reset(store, name: str, password_stdin: bool) -> None:
    """Set a new password (also lifts a lockout and re-enables the account)."""
    password = _password(password_stdin)
    _run(lambda: store.reset(name, password))
    click.echo(f"password reset for {name}")
