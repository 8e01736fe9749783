"""CSV files a teacher opens in a spreadsheet program.

Every cell is neutralised against formula injection as OWASP's "CSV Injection"
page and ASVS 5.0 (requirement 1.2.10) advise: a cell that begins with ``=``,
``+``, ``-``, ``@``, a tab, a carriage return, a line feed or a NUL would be
read as a formula by Excel, LibreOffice Calc or Google Sheets, so it gets a
leading single quote, which they take as "this is text". Quotes and separators
inside a cell are quoted as RFC 4180 says (the ``csv`` module). The file starts
with a UTF-8 byte-order mark, without which Excel reads UTF-8 as the machine's
legacy code page ("TÃ¼rkiye" for "Türkiye").

>>> neutral("=HYPERLINK(\\"http://x\\")"), neutral("-3"), neutral("Türkiye"), neutral(7)
('\\'=HYPERLINK("http://x")', "'-3", 'Türkiye', '7')
>>> csv_bytes(["who", "said"], [["@Ada", "+1 for the draft"]])[:3] == BOM
True
>>> csv_bytes(["who"], [["=1+1"]]).decode("utf-8-sig").splitlines()
['who', "'=1+1"]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

BOM = "\ufeff".encode()
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
"""What a spreadsheet may take for the start of a formula (OWASP, and NUL from ASVS)."""


def neutral(value: Any) -> str:
    """One cell as text that no spreadsheet reads as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole CSV file, UTF-8 with a byte-order mark, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutral(v) for v in header])
    for row in rows:
        writer.writerow([neutral(v) for v in row])
    return BOM + out.getvalue().encode()
