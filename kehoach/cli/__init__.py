"""The kehoach command line: extract, ingest, batch, query, review and correct, serve, evaluate, migrate.

Each command lives in its own module, imported only when that command runs (LazyGroup): `kehoach
--help` lists the commands from the registry below without importing any of them, and `kehoach
tasks` never loads the extractor's NLP pipeline. Errors of our own types are caught once
(cli.common) and printed as one line naming the file. Nothing outside this package imports it.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, NamedTuple

import click

from kehoach import __version__


class Entry(NamedTuple):
    """A command in the registry: where it lives ("module:attribute") and its line in `kehoach --help`."""

    target: str
    short_help: str


# One line per command; a new command is a module under kehoach/cli/ and a line here.
COMMANDS: dict[str, Entry] = {
    "extract": Entry("kehoach.cli.extract:extract", "Extract one plan into the Plan JSON contract or a table."),
    "ingest": Entry("kehoach.cli.imports:ingest", "Extract plans and store them in the database."),
    "batch": Entry("kehoach.cli.imports:batch", "The nightly import: every new or changed plan under a folder."),
    "db": Entry("kehoach.cli.db:db_group", "Create or migrate the database schema."),
    "tasks": Entry("kehoach.cli.tasks:tasks", "Find stored tasks by province, agency, role, due date or words."),
    "overdue": Entry("kehoach.cli.overdue:overdue", "Open tasks due before a day, listed or counted by agency."),
    "export": Entry("kehoach.cli.export:export", "Export every field of tasks, targets, agencies or documents."),
    "targets": Entry("kehoach.cli.targets:targets", "Quantified objectives by indicator, province, year, level."),
    "compare": Entry("kehoach.cli.targets:compare", "One indicator by province and year, with an SVG bar chart."),
    "browse": Entry("kehoach.cli.browse:browse", "Browse the SQLite database in Datasette, read-only."),
    "eval": Entry("kehoach.cli.eval:eval_command", "Score the extractor on a folder of plans with gold files."),
    "review": Entry("kehoach.cli.clerk:review", "List the flags of current documents not yet approved."),
    "fix": Entry("kehoach.cli.clerk:fix", "Correct a task by its key (kept over later extractions)."),
    "approve": Entry("kehoach.cli.clerk:approve", "Mark a document as reviewed: it leaves the review queue."),
    "docs": Entry("kehoach.cli.clerk:docs_group", "Stored documents: list, show, delete, diff, fix, add a task."),
    "serve": Entry("kehoach.cli.serve:serve", "The review page: a local web app over the corrections."),
    "debug": Entry("kehoach.cli.debug:debug", "Draw a PDF page as the table finder read it (a PNG)."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are asked for (click's documented lazy loading)."""

    def __init__(self, *args: Any, lazy: dict[str, Entry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, name = self.lazy[cmd_name].target.split(":")
        command: click.Command = getattr(import_module(module), name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, lazy commands by the registry's short help so no command module is imported."""
        rows = [
            (name, self.lazy[name].short_help if name in self.lazy else self.commands[name].get_short_help_str())
            for name in self.list_commands(ctx)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kehoach")
def main() -> None:
    """kehoach: turn Vietnamese plan PDFs (Kế hoạch, Chỉ thị, Phụ lục) into a database of commitments."""
