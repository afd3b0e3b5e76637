"""CSV for every export (the dashboard's downloads, `analytics report --format csv`), safe to open
in a spreadsheet.

Leaders typed some of the texts (masked questions, cohorts, tags): a cell starting with = + - @,
a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula (OWASP's
"CSV injection"), so every such text cell gets a leading apostrophe, which they show as text.
Numbers are left as numbers. Lines end in CRLF (RFC 4180), which also makes Python's writer quote
a cell holding a lone CR: with "\n" line ends, "a\r=1+1" was written bare, and spreadsheets read
the CR as a new row whose first cell is the formula "=1+1".
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value`, with an apostrophe before a text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document: the header, then the rows, every cell through `safe_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()
