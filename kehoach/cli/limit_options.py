"""The per-file limits of the commands that read files (extract, ingest, batch): one definition each."""

from __future__ import annotations

import click

from kehoach.limits import RunLimits

TIMEOUT_OPTION = click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=RunLimits().timeout,
    show_default=True,
    help="Give up on a file after this many seconds (0: no limit).",
)
MAX_MEMORY_OPTION = click.option(
    "--max-memory",
    type=click.IntRange(min=0),
    default=RunLimits().max_memory_mib,
    show_default=True,
    help="Give up on a file when it needs more than this many MiB of memory (0: no limit).",
)
