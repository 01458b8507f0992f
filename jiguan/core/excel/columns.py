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

    ``claim`` makes the column one of a family whose headers carry data, e.g. a column per
    energy type with its unit in the header ("电（万kWh）"): every header cell that names no
    column by label or alias is offered to it (as written: brackets and units kept), and it
    returns the field that cell's values go to (a field of its own per header) or ``None``
    to leave the cell unknown. Such a column is matched only through ``claim``, never by
    name; its label is what a template writes, and ``claim(label)`` should be its field.
    """

    field: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    example: object = ""
    help: str = ""
    width: int = 16
    claim: Callable[[str], str | None] | None = None
    #: Words clerks use for this column that are not safe to accept unasked (机构名称 for
    #: 单位名称): offered as suggestions in the mapping step (core.excel.layout), never
    #: matched silently. Aliases are matched; synonyms are suggested.
    synonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by every alias."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: a header label and how to get the cell value from an object.

    ``kind`` names a quantity of jiguan.core.numbers (area, money, kgce ...): its cells get
    that quantity's number format (separators, fixed decimals) and its header the unit; the
    accessor gives the stored value (元, kgce) and the writer divides it into the header's unit
    (万元, 吨标准煤) for a kind with a divisor."""

    label: str
    accessor: Callable[[Any], object]
    width: int = 16
    kind: str = ""
