"""Layout of the wide pages at a desktop width: the province's compliance roll-up fits a
1,280 px window without scrolling sideways (issue 10, "pages a clerk trusts")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.space.compliance.models import ComplianceTally, Finding, FindingKind, FindingStatus
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 860}


def _wide_figures() -> None:
    """Findings of every kind in every city with province-sized figures (seven-digit areas
    and room counts in the total row), so the columns are as wide as a real roll-up's."""
    now = timezone.now()
    rows = []
    for city in Region.objects.filter(parent__code="330000").order_by("code"):
        for kind in FindingKind.values:
            for i in range(3):
                rows.append(Finding(
                    kind=kind, key=f"layout-{city.code}-{kind}-{i}", region=city,
                    region_path=city.path, city_code=city.code,
                    measure=Decimal("45678.91"), detail="版面测试",
                    status=FindingStatus.OPEN if i else FindingStatus.FIXED,
                    first_seen_at=now, last_seen_at=now))
        ComplianceTally.objects.update_or_create(
            region=city, defaults={"region_path": city.path, "city_code": city.code,
                                   "office_rooms": 123_456, "office_area": Decimal("1234567.89"),
                                   "computed_at": now})
    Finding.objects.bulk_create(rows)


def test_the_province_rollup_fits_a_1280_px_window(page: Any, browser_cast: Cast) -> None:
    _wide_figures()
    page.set_viewport_size(DESKTOP)
    login(page, "province_admin")
    page.goto("/space/compliance/")
    table = page.get_by_test_id("rollup-table")
    expect(table.get_by_test_id("rollup-row").first).to_be_visible()
    expect(page.get_by_test_id("rollup-total")).to_contain_text("1,004,936.02")
    # Neither the table's scroll box nor the page scrolls sideways.
    overflow = page.evaluate("""() => {
        const box = document.querySelector('[data-testid=rollup-table]').parentElement;
        return {box: box.scrollWidth - box.clientWidth,
                page: document.documentElement.scrollWidth
                      - document.documentElement.clientWidth};
    }""")
    assert overflow == {"box": 0, "page": 0}
    # The last column is inside the window.
    last = table.locator("thead th").last
    expect(last).to_have_text("超标占比")
    right = last.evaluate("e => e.getBoundingClientRect().right")
    assert right <= DESKTOP["width"]
    # Region names stay on one line (the row is one text line high, like the header's
    # single-line cells would allow).
    name = table.get_by_test_id("rollup-row").first.locator("td").first
    assert name.evaluate("e => e.getClientRects().length") == 1


def test_no_menu_label_breaks_across_lines_at_1280_px(page: Any, browser_cast: Cast) -> None:
    """The province administrator's menu (every module) at 1,280 px: each label on one line
    (制度库 was stacked a character a line), the page not scrolling sideways."""
    page.set_viewport_size(DESKTOP)
    login(page, "province_admin")
    page.goto("/")
    heights = page.evaluate("""() => [...document.querySelectorAll('.navbar .nav-link')]
        .map(a => [a.textContent.trim(), a.getBoundingClientRect().height,
                   parseFloat(getComputedStyle(a).lineHeight)])""")
    assert len(heights) > 10
    for label, height, line in heights:
        assert height < 2 * line, f"{label}: {height} px for a {line} px line"
    assert page.evaluate("document.documentElement.scrollWidth"
                         " - document.documentElement.clientWidth") == 0
