"""Column descriptions shared by the importer, the template builder and the exporter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """One importable column of a spreadsheet.

    ``label`` is the Chinese header written into templates; ``aliases`` are other headers
    accepted on import. Matching ignores width (full/half), whitespace, a leading ``*``,
    a trailing colon and a trailing bracketed unit such as ``（人）``.
    """

    field: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    example: object = ""
    help: str = ""
    width: int = 16

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by every alias."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: a header label and how to get the cell value from an object."""

    label: str
    accessor: Callable[[Any], object]
    width: int = 16
