"""A floor drawn as an SVG schematic: one rectangle per room, coloured by its state.

A pure function of the rooms (no ORM, no request), so it is tested on its own. The layout
is schematic, not a plan: rooms run left to right in the given order and wrap into rows;
a room's width grows with the square root of its area, so a 40 m² room reads about twice
as wide as a 10 m² one. Everything is emitted with presentation attributes (fill, stroke):
the CSP forbids inline style attributes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

# State -> (fill, stroke, Chinese label). Fills are Bootstrap's subtle background tones.
STATES: dict[str, tuple[str, str, str]] = {
    "compliant": ("#d1e7dd", "#198754", "办公室：符合标准"),
    "over": ("#f8d7da", "#dc3545", "办公室：超标"),
    "vacant": ("#e9ecef", "#6c757d", "办公室：空置"),
    "service": ("#cfe2ff", "#0d6efd", "服务用房"),
    "other": ("#fff3cd", "#ffc107", "设备、附属、技术业务用房"),
}


CANVAS_WIDTH = 960


ROOM_HEIGHT = 84


GAP = 8


MIN_WIDTH = 72


MAX_WIDTH = 320


PX_PER_SQRT_M2 = 22  # a 9 m² room: 66 px -> MIN_WIDTH; a 100 m² room: 220 px


@dataclass(frozen=True)
class RoomCell:
    """One room as the drawing needs it."""

    number: str
    area: Decimal
    href: str
    state: str  # a key of STATES; anything else draws as "other"
    title: str = ""  # a tooltip line (use, occupants); escaped like everything else


@dataclass(frozen=True)
class _Placed:
    cell: RoomCell
    x: int
    y: int
    width: int


def cell_width(area: Decimal) -> int:
    """Width in px: proportional to sqrt(area), clamped so labels fit and big halls do not
    take a whole row."""
    root = math.sqrt(float(area)) if area > 0 else 0.0
    return max(MIN_WIDTH, min(MAX_WIDTH, round(root * PX_PER_SQRT_M2)))


def layout(rooms: Sequence[RoomCell], width: int = CANVAS_WIDTH) -> list[_Placed]:
    """Row-wrapping placement, left to right, top to bottom."""
    placed: list[_Placed] = []
    x = y = GAP
    for cell in rooms:
        w = cell_width(cell.area)
        if x > GAP and x + w + GAP > width:
            x = GAP
            y += ROOM_HEIGHT + GAP
        placed.append(_Placed(cell, x, y, w))
        x += w + GAP
    return placed


def _area_text(area: Decimal) -> str:
    text = f"{area:.2f}".rstrip("0").rstrip(".")
    return f"{text} m²"


def floor_svg(rooms: list[RoomCell], *, label: str = "楼层示意图") -> str:
    """The floor as an <svg> element (a string safe to mark safe: every text is escaped)."""
    placed = layout(rooms)
    height = (max(p.y for p in placed) + ROOM_HEIGHT + GAP) if placed else ROOM_HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="floor-svg" role="img" '
        f'viewBox="0 0 {CANVAS_WIDTH} {height}" width="100%" '
        f'aria-label="{escape(label)}" data-testid="floor-svg">',
        f"<title>{escape(label)}</title>",
    ]
    if not placed:
        parts.append(f'<text x="{CANVAS_WIDTH // 2}" y="{height // 2}" text-anchor="middle" '
                     f'fill="#6c757d" font-size="14">本层暂无房间</text>')
    for p in placed:
        fill, stroke, state_label = STATES.get(p.cell.state, STATES["other"])
        state = p.cell.state if p.cell.state in STATES else "other"
        cx = p.x + p.width // 2
        tip = f"{p.cell.number}（{_area_text(p.cell.area)}，{state_label}）"
        if p.cell.title:
            tip += f"\n{p.cell.title}"
        parts.append(
            f'<a href="{escape(p.cell.href)}" class="floor-room" data-state="{state}">'
            f"<title>{escape(tip)}</title>"
            f'<rect x="{p.x}" y="{p.y}" width="{p.width}" height="{ROOM_HEIGHT}" rx="4" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            f'<text x="{cx}" y="{p.y + 36}" text-anchor="middle" font-size="15" '
            f'font-weight="600" fill="#212529">{escape(p.cell.number)}</text>'
            f'<text x="{cx}" y="{p.y + 60}" text-anchor="middle" font-size="12" '
            f'fill="#495057">{escape(_area_text(p.cell.area))}</text>'
            f"</a>")
    parts.append("</svg>")
    return "".join(parts)


def legend() -> list[dict[str, str]]:
    """The legend under the drawing: one swatch per state, in the drawing's colours."""
    return [{"state": key, "fill": fill, "stroke": stroke, "label": label}
            for key, (fill, stroke, label) in STATES.items()]
