"""`kehoach targets` and `kehoach compare`: quantified objectives across plans, and one indicator by
province and year with a bar chart (SVG). The store and the query load when the command runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import click

from kehoach.cli.common import DB_OPTION, reading, reports_errors
from kehoach.cli.tasks import FORMAT_OPTION
from schemas.plan import AdminLevel

if TYPE_CHECKING:
    from kehoach.render import ExportFormat

_OPTIONS = [
    click.option(
        "--province", "provinces", multiple=True, help="Province (repeatable; accents, 'tỉnh', typos ignored)."
    ),
    click.option("--follow-lineage", is_flag=True, help="A province stands for those merged into it in 2025."),
    click.option("--year", type=int, help="Only objectives due in this year."),
    click.option("--level", type=click.Choice(list(get_args(AdminLevel))), help="Only objectives set for this level."),
]


def _objective_options(func: Any) -> Any:
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


@click.command()
@click.option("--indicator", help="An indicator id (extractor/vocab/indicators.toml) or words of the indicator.")
@_objective_options
@FORMAT_OPTION
@DB_OPTION
@reports_errors
def targets(fmt: ExportFormat, db: str | None, **filters: Any) -> None:
    """Quantified objectives of the stored plans by indicator, province, year and level."""
    from kehoach.render import export_objectives
    from kehoach.targets import ObjectiveFilter, find_objectives

    with reading(db) as session:
        rows = find_objectives(session, ObjectiveFilter(**filters))
    click.echo(export_objectives(rows, fmt))


@click.command()
@click.argument("indicator")
@_objective_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a bar chart (SVG: provinces by year) to this file, atomically.",
)
@FORMAT_OPTION
@DB_OPTION
@reports_errors
def compare(indicator: str, output: Path | None, fmt: ExportFormat, db: str | None, **filters: Any) -> None:
    """One indicator across provinces and years: the highest target each province set for each year."""
    from kehoach.atomic import check_writable, write_text_atomic
    from kehoach.chart import bar_chart
    from kehoach.render import export_comparison
    from kehoach.targets import ObjectiveFilter, compare_rows, find_objectives, indicator_title

    if output is not None:
        check_writable(output)
    with reading(db) as session:
        rows = compare_rows(find_objectives(session, ObjectiveFilter(indicator=indicator, **filters)))
    title = indicator_title(indicator)
    click.echo(export_comparison(title, rows, fmt))
    if output is not None:
        years = sorted({str(r.year or "") for r in rows})
        values = {(r.province, str(r.year or "")): r.value for r in rows}
        units = {r.unit for r in rows}
        write_text_atomic(
            output,
            bar_chart(title, sorted({r.province for r in rows}), years, values, units.pop() if len(units) == 1 else ""),
        )
        click.echo(f"chart: {output}", err=True)
