"""Text cells that would start a formula are exported with a leading apostrophe (OWASP
CSV/formula injection), numbers stay numbers, and the importers read the text back."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from jiguan.core.excel import ExportColumn, cell_str, guard_text, write_export

COLUMNS = [ExportColumn("值", lambda v: v)]


def _exported(values: list[object]) -> tuple[list[object], str]:
    """The data cells of a one-column export, and the sheet's XML."""
    buffer = io.BytesIO()
    write_export(buffer, COLUMNS, values, title="导出")
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    return [row[0] for row in rows[3:]], xml


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","点此")', "+1+1", "-2+3",
                                  "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "-5"])
def test_a_text_that_starts_a_formula_is_written_with_an_apostrophe(text: str) -> None:
    cells, xml = _exported([text])
    assert cells == ["'" + text]
    assert "<f>" not in xml


def test_numbers_stay_numbers_even_when_negative() -> None:
    cells, _ = _exported([-5, Decimal("-12.50"), -0.5, 7])
    assert cells == [-5, -12.5, -0.5, 7]
    assert all(not isinstance(c, str) for c in cells)


def test_other_texts_are_written_as_they_are() -> None:
    cells, _ = _exported(["西湖区行政中心", "A=1", "'已有引号", "330106"])
    assert cells == ["西湖区行政中心", "A=1", "'已有引号", "330106"]


def test_an_export_title_that_starts_a_formula_is_guarded_too() -> None:
    buffer = io.BytesIO()
    write_export(buffer, COLUMNS, [], title="=1+1")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0)
    assert rows.to_python()[0][0] == "'=1+1"


def test_reading_takes_off_the_apostrophe_the_export_added() -> None:
    for text in ['=HYPERLINK("x")', "+86 571", "-101", "@home"]:
        assert cell_str(guard_text(text)) == text
    assert cell_str("'\t=1+1") == "=1+1"


def test_reading_keeps_an_apostrophe_the_export_did_not_add() -> None:
    assert cell_str("'0571") == "'0571"
    assert cell_str("'") == "'"
