"""Splitting work into batches: lookups with IN (...) stay under every database's parameter
limit, and bulk work holds one slice in memory at a time. (itertools.batched is 3.12.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")

# Values per IN (...) lookup: well under SQLite's and PostgreSQL's parameter limits.
LOOKUP_BATCH = 500


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` items, in order."""
    if size < 1:
        raise ValueError("size must be at least 1")
    source = iter(items)
    while batch := list(islice(source, size)):
        yield batch


def lookup_batches(values: Iterable[Any], size: int = LOOKUP_BATCH) -> Iterator[list[Any]]:
    """The distinct, non-blank values (no "" or None), sorted, in batches for IN (...)."""
    return batched(sorted(set(values) - {"", None}), size)
