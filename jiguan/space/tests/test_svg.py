"""The floor drawing as a pure function: one link per room, colours by state, all text
escaped, no inline styles (the CSP forbids them)."""

from __future__ import annotations

import re
from decimal import Decimal

from jiguan.space.register.svg import (
    CANVAS_WIDTH,
    MAX_WIDTH,
    MIN_WIDTH,
    STATES,
    RoomCell,
    cell_width,
    floor_svg,
    layout,
    legend,
)


def _cell(number: str = "301", area: str = "18", state: str = "compliant",
          href: str = "/space/rooms/1/", title: str = "") -> RoomCell:
    return RoomCell(number=number, area=Decimal(area), href=href, state=state, title=title)


def test_it_draws_one_link_per_room_to_the_room_page() -> None:
    svg = floor_svg([_cell("301", href="/space/rooms/1/"), _cell("302", href="/space/rooms/2/"),
                     _cell("303", href="/space/rooms/3/")])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<a ") == 3
    assert re.findall(r'<a href="([^"]+)"', svg) == ["/space/rooms/1/", "/space/rooms/2/",
                                                      "/space/rooms/3/"]
    assert svg.count("<rect") == 3


def test_it_shows_the_number_and_the_area() -> None:
    svg = floor_svg([_cell("301", area="18.50"), _cell("302", area="24.00")])
    assert ">301</text>" in svg and ">18.5 m²</text>" in svg
    assert ">24 m²</text>" in svg


def test_it_colours_each_state() -> None:
    for state, fill in (("compliant", "#d1e7dd"), ("over", "#f8d7da"), ("vacant", "#e9ecef"),
                        ("service", "#cfe2ff"), ("other", "#fff3cd")):
        svg = floor_svg([_cell(state=state)])
        assert f'fill="{fill}"' in svg, state
        assert f'data-state="{state}"' in svg


def test_an_unknown_state_draws_as_other() -> None:
    svg = floor_svg([_cell(state="<bogus>")])
    assert 'fill="#fff3cd"' in svg and 'data-state="other"' in svg
    assert "<bogus>" not in svg


def test_it_escapes_every_text() -> None:
    evil = '<script>alert("x")</script>'
    svg = floor_svg([_cell(number=evil, href='/r/1/" onclick="x', title=evil)],
                    label=f"楼{evil}")
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert 'onclick="x' not in svg and "&quot; onclick=&quot;x" in svg


def test_it_uses_no_inline_style() -> None:
    svg = floor_svg([_cell(), _cell("302", state="over")])
    assert "style=" not in svg


def test_an_empty_floor_says_so() -> None:
    svg = floor_svg([])
    assert "本层暂无房间" in svg and "<a " not in svg


def test_width_grows_with_the_square_root_of_the_area_within_bounds() -> None:
    assert cell_width(Decimal("0")) == MIN_WIDTH
    assert cell_width(Decimal("4")) == MIN_WIDTH
    assert cell_width(Decimal("100")) > cell_width(Decimal("25"))
    assert cell_width(Decimal("100")) == 2 * cell_width(Decimal("25"))
    assert cell_width(Decimal("100000")) == MAX_WIDTH


def test_rooms_wrap_into_rows_inside_the_canvas() -> None:
    cells = [_cell(str(n), area="100") for n in range(12)]
    placed = layout(cells)
    assert all(p.x + p.width <= CANVAS_WIDTH for p in placed)
    rows = sorted({p.y for p in placed})
    assert len(rows) > 1
    # Left to right within a row, in the given order.
    first_row = [p for p in placed if p.y == rows[0]]
    assert [p.cell.number for p in first_row] == [str(n) for n in range(len(first_row))]
    # The viewBox is tall enough for the last row.
    svg = floor_svg(cells)
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))  # type: ignore[union-attr]
    assert height >= max(rows) + 84


def test_the_legend_covers_every_state() -> None:
    items = legend()
    assert [i["state"] for i in items] == list(STATES)
    assert {i["fill"] for i in items} == {"#d1e7dd", "#f8d7da", "#e9ecef", "#cfe2ff",
                                          "#fff3cd"}
