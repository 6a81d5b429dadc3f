"""The task filters `kehoach tasks` and `kehoach overdue` share, and days written as plans and people write them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar, get_args

import click

from schemas import DeadlineKind
from schemas.plan import DocType

F = TypeVar("F", bound=Callable[..., Any])
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
DAY_METAVAR = "DATE"
DAY_HELP = "dd/mm/yyyy or YYYY-MM-DD"


def parse_day(text: str) -> dt.date:
    """A day written ISO (2024-12-31) or Vietnamese style (31/12/2024, 31-12-2024, 31.12.2024)."""
    text = text.strip()
    try:
        if match := _DAY_MONTH_YEAR.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise click.BadParameter(f"{text!r} is not a date ({DAY_HELP})") from err


def day_callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """click callback: an optional day."""
    return None if value is None else parse_day(value)


def day_option(name: str, help_text: str) -> Callable[[F], F]:
    """An option taking a day in either form."""
    return click.option(name, callback=day_callback, metavar=DAY_METAVAR, help=f"{help_text} ({DAY_HELP}).")


_OPTIONS: list[Callable[[F], F]] = [
    click.option(
        "--province",
        "provinces",
        multiple=True,
        help="Province (repeatable: any of them; accents, case, 'tỉnh' and small typos ignored).",
    ),
    click.option("--agency", help="Agency by its exact name, printed or canonical (accents and case ignored)."),
    click.option("--agency-contains", help="Agencies whose printed or canonical name contains these words."),
    click.option(
        "--follow-lineage",
        is_flag=True,
        help="Also bodies merged into or renamed as the agency, and provinces merged into the province (2025).",
    ),
    click.option("--role", type=click.Choice(["lead", "support"]), help="Only tasks where the agency has this role."),
    day_option("--due-before", "Due on or before this day"),
    day_option("--due-after", "Due on or after this day"),
    click.option("--kind", type=click.Choice(list(get_args(DeadlineKind))), help="Only deadlines of this kind."),
    click.option("--text", help="A phrase the task contains, as whole words (accents and case ignored)."),
    click.option("--year", type=int, help="Only plans of this year."),
    day_option("--issued-after", "Plans issued on or after this day"),
    day_option("--issued-before", "Plans issued on or before this day"),
    click.option("--doc-type", type=click.Choice(list(get_args(DocType))), help="Only documents of this type."),
    click.option("--all-versions", "include_superseded", is_flag=True, help="Include tasks of superseded documents."),
]


def task_filter_options(with_status: bool = True) -> Callable[[F], F]:
    """Every task filter as click options; the command receives them as TaskFilter's keyword arguments."""

    def decorate(func: F) -> F:
        options = list(_OPTIONS)
        if with_status:
            options.append(
                click.option(
                    "--status",
                    type=click.Choice(["open", "done", "cancelled"]),
                    help="The clerk's status of the task (kehoach fix --status).",
                )
            )
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def check_agency_options(filters: dict[str, Any]) -> None:
    """--agency and --agency-contains are two ways of asking one thing: one at a time."""
    if filters.get("agency") and filters.get("agency_contains"):
        raise click.UsageError("give --agency (exact) or --agency-contains (part of a name), not both")
