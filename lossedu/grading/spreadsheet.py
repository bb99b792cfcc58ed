"""CSV files that an instructor opens in a spreadsheet: the one way the grader writes them.

* :func:`cell`: text that came from a student (a name, a reflection, an error message) made
  inert for spreadsheets: a value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return would be read as a formula by Excel, LibreOffice or Google Sheets (OWASP,
  "CSV injection"), so it gets a leading ``'``.
* :func:`csv_text`: the rows as CSV, UTF-8 with a byte-order mark (Excel opens a UTF-8 file
  without one as cp1252: ``José`` would show as ``JosÃ©``), CRLF line ends (RFC 4180).
"""

from __future__ import annotations

import csv
import io

BOM = "\ufeff"
#: first characters that make a spreadsheet cell a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value, *, one_line: bool = False) -> str:
    """``value`` as CSV-safe text: a would-be formula gets a leading quote; with
    ``one_line=True`` line breaks become spaces (for columns read as one line)."""
    text = "" if value is None else str(value)
    if one_line:
        text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows) -> str:
    """``rows`` (lists of cells, already made safe where they came from students) as CSV
    text with a byte-order mark."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return BOM + buffer.getvalue()
