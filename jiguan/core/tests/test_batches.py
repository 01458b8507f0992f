"""jiguan.core.db.batches: the one way every app splits lookups and bulk work."""

from __future__ import annotations

import pytest

from jiguan.core.db.batches import batched, lookup_batches


def test_batches_keep_order_and_end_with_the_remainder() -> None:
    assert list(batched(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []
    with pytest.raises(ValueError, match="at least 1"):
        list(batched([1], 0))


def test_lookups_are_distinct_sorted_and_never_blank() -> None:
    assert list(lookup_batches(["b", "", "a", "b", None, "c"], 2)) == [["a", "b"], ["c"]]
    assert list(lookup_batches(["", None])) == []
