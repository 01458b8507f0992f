"""The staging table of a bulk readings write, and the few SQL expressions that differ
between SQLite and PostgreSQL for reading it (see jiguan.energy.readings.excel.write and
``summaries.add_staged``).

A large import's new readings go into a TEMP table of plain integers (the checked rows as
the row store keeps them: fixed-point amounts, indexes of the month, type and unit), then
into the readings table with one ``INSERT ... SELECT`` and into the summaries with one
GROUP BY over just those rows. Nothing from a file reaches the SQL text: codes and units
go as parameters, the rest are integers. Every statement built from these expressions is
executed with a parameter list (``%%`` is then a literal ``%``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

#: The TEMP table (this connection only; gone with the transaction if it rolls back).
STAGE = "jiguan_energy_new_readings"
#: agency id, statistical region id, month index (year * 12 + month - 1), type index
#: (rules.TYPE_CODES), quantity and entered quantity in thousandths, unit
#: index, cost in fen, measured calorific value in hundredths or -1, kgce in thousandths,
#: coefficient set id or NULL.
STAGE_COLUMNS = ("agency bigint NOT NULL, stat bigint NOT NULL, month integer NOT NULL, "
                 "type smallint NOT NULL, q bigint NOT NULL, e bigint NOT NULL, "
                 "unit smallint NOT NULL, c bigint NOT NULL, n bigint NOT NULL, "
                 "kgce bigint NOT NULL, coefficient_set bigint")

#: The staged rows' totals per agency-year (``summaries.add_staged``): kgce, water and
#: electricity in thousandths, cost in fen, the months mask, the count.
STAGE_AGENCY_YEARS = "jiguan_energy_new_agency_years"
STAGE_AGENCY_YEAR_COLUMNS = ("agency bigint NOT NULL, year integer NOT NULL, "
                             "stat bigint NOT NULL, k bigint NOT NULL, w bigint NOT NULL, "
                             "el bigint NOT NULL, c bigint NOT NULL, mask integer NOT NULL, "
                             "n integer NOT NULL")


def stage() -> str:
    return connection.ops.quote_name(STAGE)


def fixed(expr: str, places: int) -> str:
    """An integer count of 10^-places as the decimal the column stores. SQLite: a REAL
    (the column's NUMERIC affinity keeps whole values as INTEGER), the same value as the
    decimal text the ORM would write; PostgreSQL: an exact numeric."""
    if connection.vendor == "postgresql":
        return f"(({expr}) * {10 ** -places:.{places}f})"
    return f"(({expr}) / {10 ** places}.0)"


def month_date(expr: str) -> str:
    """The first day of a month index, as the date column stores it."""
    if connection.vendor == "postgresql":
        return f"make_date(({expr}) / 12, ({expr}) %% 12 + 1, 1)"
    return f"printf('%%04d-%%02d-01', ({expr}) / 12, ({expr}) %% 12 + 1)"


def greatest(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if connection.vendor == "postgresql" else f"max({a}, {b})"


def choice(expr: str, values: Sequence[str]) -> tuple[str, list[str]]:
    """``values[expr]`` as a CASE expression, with the values as parameters."""
    whens = " ".join(f"WHEN {i} THEN %s" for i in range(len(values)))
    return f"(CASE {expr} {whens} END)", list(values)
