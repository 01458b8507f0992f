"""Links of every row of a list page at the cost of one `reverse`."""

from __future__ import annotations

from django.urls import reverse

#: Stand-ins for the arguments while reversing: digits (every int converter takes them)
#: that no URL of the project holds otherwise.
_MARKS = ("987654321011", "987654321022", "987654321033")


class RowLink:
    """``reverse(name, args=[...])`` for many rows: the URL is reversed once with stand-in
    arguments, and each row's integers are put in their places. A list page reversed three
    URLs a row (150 `reverse` calls, ~15% of the room list's time in process;
    bench/README.md, session 9). Falls back to `reverse` if the stand-ins do not come back
    once each."""

    def __init__(self, name: str, arity: int = 1) -> None:
        self.name = name
        url = reverse(name, args=list(_MARKS[:arity]))
        parts: list[str] = []
        for mark in _MARKS[:arity]:
            head, found, url = url.partition(mark)
            if not found or mark in url:
                self.parts: list[str] | None = None
                return
            parts.append(head)
        parts.append(url)
        self.parts = parts

    def __call__(self, *args: int) -> str:
        if self.parts is None:
            return reverse(self.name, args=list(args))
        out = [self.parts[0]]
        for value, part in zip(args, self.parts[1:], strict=True):
            out.append(str(int(value)))
            out.append(part)
        return "".join(out)
