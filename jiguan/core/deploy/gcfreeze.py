"""Keep the objects a worker loads at start out of the garbage collector's full passes.

A list page makes reference cycles (a room and its prefetched occupancies point at each
other), so every few requests the collector runs a full (generation 2) pass, and that pass
walks every object the process holds: Django, the URL and template caches, about 200,000
objects loaded at start. That pass landed inside a request: the province's room list took
50-70 ms of CPU at p50 and 170-230 ms at p95 (bench/README.md, session 7). `gc.freeze()`
after start moves the start-up objects into a permanent generation the collector skips;
the full passes then walk only what requests made, and the tail went (p95 70-90 ms)."""

from __future__ import annotations

import gc


def freeze_startup_objects() -> int:
    """Collect once, then freeze what is left; returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
