"""The kehoach command line: extract, ingest, batch, query, review and correct, serve, evaluate, migrate.

Each command lives in its own module, imported only when that command runs (LazyGroup), so
`kehoach tasks` never loads the extractor's NLP pipeline. Errors of our own types are caught once
(cli.common) and printed as one line naming the file. Nothing outside this package imports it.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click

from kehoach import __version__

COMMANDS = {
    "extract": "kehoach.cli.extract:extract",
    "ingest": "kehoach.cli.imports:ingest",
    "batch": "kehoach.cli.imports:batch",
    "db": "kehoach.cli.db:db_group",
    "tasks": "kehoach.cli.tasks:tasks",
    "eval": "kehoach.cli.eval:eval_command",
    "review": "kehoach.cli.clerk:review",
    "fix": "kehoach.cli.clerk:fix",
    "approve": "kehoach.cli.clerk:approve",
    "docs": "kehoach.cli.clerk:docs_group",
    "serve": "kehoach.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are asked for (click's documented lazy loading)."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, name = self.lazy[cmd_name].split(":")
        command: click.Command = getattr(import_module(module), name)
        return command


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kehoach")
def main() -> None:
    """kehoach: turn Vietnamese plan PDFs (Kế hoạch, Chỉ thị, Phụ lục) into a database of commitments."""
