"""A workbook opened in the parsing child (issue 9: no file takes the server down).

:func:`open_workbook` is what :func:`reader.open_sheets` does with a workbook: the file
passes the checks of guard.py, then the reader's own ``_read_workbook`` (calamine) runs in a
child process with memory and time limits (sandbox.py). The child sends back the head of
every visible sheet and keeps what it parsed until the importer chooses a sheet, whose rows
it then streams. The parent gets a :class:`reader.SheetSource` like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from . import sandbox
from .guard import check_workbook, current_limits
from .reader import SheetHead, SheetSource, _read_workbook


class ChildSheetSource(SheetSource):
    """The heads as the child read them; :meth:`rows` streams the chosen sheet (once)."""

    def __init__(self, heads: list[SheetHead], session: sandbox.Session) -> None:
        # Not SheetSource.__init__: the sheets stay in the child.
        self.heads = heads
        self._session = session

    def rows(self, name: str | None = None) -> tuple[Iterator[list[object]], int]:
        if name is None:
            name = self.heads[0].name
        height = next((h.height for h in self.heads if h.name == name), None)
        if height is None:
            raise KeyError(name)
        return self._session.rows(name), height

    def close(self) -> None:
        """End the child without reading any rows (it also ends when the source is
        dropped)."""
        self._session.close()


def open_workbook(data: bytes, head_rows: int) -> ChildSheetSource:
    """Check the workbook, then open it in a child; SpreadsheetError (Chinese) when either
    refuses it."""
    limits = current_limits()
    check_workbook(data, limits)
    heads, session = sandbox.session(_heads_in_child, data, limits, head_rows=head_rows)
    return ChildSheetSource(heads, session)


def _heads_in_child(data: bytes, head_rows: int
                    ) -> tuple[list[SheetHead], Callable[[str], Iterator[list[object]]]]:
    """In the child: every visible sheet's head, and how to stream the one chosen."""
    source = SheetSource(_read_workbook(data), head_rows)

    def rows(name: str) -> Iterator[list[object]]:
        return source.rows(name)[0]

    return source.heads, rows
