"""The registry of measures (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Reading:
    value: Decimal | None
    #: (label, value as shown) pairs: what the value was computed from
    inputs: tuple[tuple[str, str], ...] = ()
    #: the page listing the rows behind the value (their module's list, filtered)
    url: str = ""
    #: why there is no value (no data for the year ...)
    missing: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"value": None if self.value is None else str(self.value),
                "inputs": [list(pair) for pair in self.inputs], "url": self.url,
                "missing": self.missing}


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    unit: str
    #: a larger value is better (a rectification rate) or worse (an over-standard area)
    higher_is_better: bool
    compute: Callable[[Any, int], Reading] = field(compare=False)
    module: str = ""
    note: str = ""


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    MEASURES[measure.code] = measure
    return measure


def measure_choices() -> list[tuple[str, str]]:
    _load()
    return [(m.code, f"{m.module}：{m.label}（{m.unit}）") for m in MEASURES.values()]


def get(code: str) -> Measure | None:
    _load()
    return MEASURES.get(code)


def _load() -> None:
    """Import every module's measures (they register themselves)."""
    from jiguan.assessment.measures import (  # noqa: F401
        energy,
        governance,
        internalaudit,
        services,
        space,
        travel,
    )
