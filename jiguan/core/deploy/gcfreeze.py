"""Keep the objects a worker loads out of the garbage collector's full passes.

A list page makes reference cycles (a room and its prefetched occupancies point at each
other), so every few requests the collector runs a full (generation 2) pass, and that pass
walks every object the process holds: Django, the URL and template caches, about 200,000
objects loaded at start. That pass landed inside a request: the province's room list took
50-70 ms of CPU at p50 and 170-230 ms at p95 (bench/README.md, session 7). `gc.freeze()`
after start moves the start-up objects into a permanent generation the collector skips;
the full passes then walk only what requests made, and the tail went (p95 70-90 ms).

Start-up is not the whole of it: the first requests load as much again (the URL resolver,
every page's compiled template, the translation catalogues, the models' cached metadata:
about 130,000 objects after six pages, against 109,000 frozen at start), and those stayed
in generation 2: a full pass over them still cost about 70 ms inside a request (without
any freeze 175 ms, four times in 1,500 requests; bench/README.md, session 11).
`RefreezeAfterWarmup` freezes again before the 2nd, 10th, 100th and 1,000th request a
worker serves: once per warm-up wave, then never."""

from __future__ import annotations

import gc
import itertools
import threading
from collections.abc import Callable, Iterable
from typing import Any

# Before which request (counted from 1, per worker) the worker collects and freezes again.
REFREEZE_BEFORE = (2, 10, 100, 1000)


def freeze_startup_objects() -> int:
    """Collect once, then freeze what is left; returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class RefreezeAfterWarmup:
    """WSGI wrapper: freezes what the worker's first requests loaded (module docstring).

    Each freeze is one full collection first (70-200 ms, four times in a worker's life),
    so that the garbage of those requests is freed rather than frozen."""

    def __init__(self, app: Callable[..., Iterable[bytes]],
                 before: tuple[int, ...] = REFREEZE_BEFORE) -> None:
        self.app = app
        self.before = frozenset(before)
        self.served = itertools.count(1)
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        with self.lock:
            number = next(self.served)
        if number in self.before:
            freeze_startup_objects()
        return self.app(environ, start_response)
