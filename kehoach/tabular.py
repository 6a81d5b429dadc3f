"""Tables of typed columns written as CSV (UTF-8 with a BOM, for Excel), JSON, Excel (xlsx) or Parquet.

A Table is what an export is: named, typed, described columns and one dict per row. Lists of names
and lists of records (structured targets) stay nested in JSON and Parquet; in CSV and xlsx a list
of names is joined with "; " and a list of records is its JSON text, so every cell is one value.
openpyxl and pyarrow are the optional extra `kehoach[export]`, imported only for their format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kehoach.atomic import STDOUT, OutputError, write_bytes_atomic

if TYPE_CHECKING:
    import pyarrow as pa

ColumnType = Literal["int", "float", "text", "date", "datetime", "bool", "texts", "records"]
ScalarType = Literal["int", "float", "text", "date", "datetime", "bool"]
TableFormat = Literal["csv", "xlsx", "json", "parquet"]
FORMATS: tuple[TableFormat, ...] = ("csv", "xlsx", "json", "parquet")
BINARY: frozenset[TableFormat] = frozenset({"xlsx", "parquet"})
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    """A column: its name, type, one line saying what it holds, and the fields of a `records` column."""

    name: str
    type: ColumnType
    doc: str
    fields: tuple[tuple[str, ScalarType], ...] = ()


@dataclass
class Table:
    """Rows (dicts keyed by column name) under typed columns."""

    name: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def cell_text(value: Any, column: Column) -> str:
    """One value as a single text cell (CSV): lists joined, records as JSON, dates ISO, None empty."""
    if value is None:
        return ""
    if column.type == "texts":
        return LIST_SEPARATOR.join(value)
    if column.type == "records":
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if column.type == "bool":
        return "true" if value else "false"
    if column.type in ("date", "datetime"):
        return str(value.isoformat())
    return str(value)


def csv_bytes(table: Table) -> bytes:
    """CSV with a UTF-8 byte order mark (so Excel reads Vietnamese), a header line and one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow([cell_text(row[c.name], c) for c in table.columns])
    return out.getvalue().encode("utf-8-sig")


def json_bytes(table: Table) -> bytes:
    """A JSON array of objects, lists and records nested, dates ISO."""
    return (json.dumps(table.rows, ensure_ascii=False, indent=1, default=_json_default) + "\n").encode("utf-8")


def _missing(fmt: str, module: str) -> OutputError:
    return OutputError(f"{fmt} export needs {module}: pip install 'kehoach[export]'")


def xlsx_bytes(table: Table) -> bytes:
    """An Excel workbook of one sheet: a bold frozen header with filters, typed cells (dates as dates,
    every text a text, never a formula, however it begins)."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError as err:
        raise _missing("xlsx", "openpyxl") from err
    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.name[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for column in table.columns:
            value = row[column.name]
            if column.type in ("texts", "records", "text") and value is not None:
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", cell_text(value, column)))
                cell.data_type = "s"  # openpyxl would store a text beginning with "=" as a formula
            elif column.type == "datetime" and value is not None:
                cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))  # Excel has no time zones: UTC
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if column.type == "date":
                    cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _arrow_type(kind: ScalarType | ColumnType, column: Column) -> pa.DataType:
    import pyarrow as pa

    scalars: dict[str, pa.DataType] = {
        "int": pa.int64(),
        "float": pa.float64(),
        "text": pa.string(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "bool": pa.bool_(),
    }
    if kind == "texts":
        return pa.list_(pa.string())
    if kind == "records":
        return pa.list_(pa.struct([(name, _arrow_type(sub, column)) for name, sub in column.fields]))
    return scalars[kind]


def parquet_bytes(table: Table) -> bytes:
    """A Parquet file with one typed column per column (lists and records nested), descriptions as metadata."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise _missing("parquet", "pyarrow") from err
    schema = pa.schema(
        [pa.field(c.name, _arrow_type(c.type, c), metadata={"description": c.doc}) for c in table.columns]
    )
    arrow = pa.Table.from_pylist(table.rows, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


_WRITERS = {"csv": csv_bytes, "json": json_bytes, "xlsx": xlsx_bytes, "parquet": parquet_bytes}


def check_destination(path: Path, fmt: TableFormat) -> None:
    """Refuse a binary format on a terminal (standard output is for pipes and files)."""
    if path == STDOUT and fmt in BINARY and sys.stdout.isatty():
        raise OutputError(f"{fmt} is a binary format: write it to a file with -o FILE, or pipe it", path)


def write_table(table: Table, fmt: TableFormat, path: Path) -> int:
    """Write the table in the format to the path atomically (or to standard output for "-"); the bytes written."""
    check_destination(path, fmt)
    data = _WRITERS[fmt](table)
    if path == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_bytes_atomic(path, data)
    return len(data)
