"""The kehoach command line: extract, ingest, batch, query, evaluate, migrate.

Each command lives in its own module; errors of our own types are caught once (cli.common) and
printed as one line naming the file. Nothing outside this package imports it.
"""

from __future__ import annotations

import click

from kehoach import __version__
from kehoach.cli.db import db_group
from kehoach.cli.eval import eval_command
from kehoach.cli.extract import extract
from kehoach.cli.imports import batch, ingest
from kehoach.cli.tasks import tasks


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kehoach")
def main() -> None:
    """kehoach: turn Vietnamese plan PDFs (Kế hoạch, Chỉ thị, Phụ lục) into a database of commitments."""


for _command in (extract, ingest, batch, db_group, tasks, eval_command):
    main.add_command(_command)
