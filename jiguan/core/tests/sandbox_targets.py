"""Functions the sandbox tests run in the parsing child (no Django here: the child has
none). Each misbehaves the way a parser might on a hostile file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import count


def spin(data: bytes) -> None:
    """Never returns: the CPU-time limit ends it."""
    while True:
        pass


def hog(data: bytes) -> list[bytes]:
    """Takes memory until there is none (a MemoryError under the address-space limit)."""
    held = []
    while True:
        held.append(bytes(64 * 1024 * 1024))


def abort(data: bytes) -> None:
    """Dies as the Rust runtime does when an allocation fails."""
    os.abort()


def echo(data: bytes) -> tuple[int, str]:
    return len(data), data.decode()


def rows(data: bytes, *, width: int) -> tuple[int, Iterator[list[object]]]:
    """Endless rows, numbered: only a reader that stops early ends it."""
    return width, ([n, *[str(n)] * (width - 1)] for n in count(1))


def environment(data: bytes) -> dict[str, str]:
    return dict(os.environ)
