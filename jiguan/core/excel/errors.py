"""The reader's error, in a module of its own: the file checks (guard.py) and the parsing
child (sandbox.py) raise it too, and reader.py imports both."""

from __future__ import annotations

MSG_NOT_SPREADSHEET = "无法读取该文件：它不是有效的 Excel（.xlsx/.xls/.ods）或 CSV 文件"


class SpreadsheetError(Exception):
    """A file that cannot be imported; ``message`` is shown to the user as-is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
