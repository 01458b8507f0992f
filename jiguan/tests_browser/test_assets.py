"""State assets end to end (issue 15, section 1): the assets division puts a batch of
operating entities on their routes and takes each from audit to closed through the step
forms; a refused step says why; the board moves from 审计 to 已办结; the entity becomes a
holding of 浙勤集团 and its building changes hands on the office-space register."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jiguan.assets.entities import actions
from jiguan.assets.entities.models import Entity, EntityStatus
from jiguan.assets.tests.fixtures import Assets, build_assets
from jiguan.conftest import Cast
from jiguan.space.register.models import Building
from jiguan.tests_browser.helpers import login

pytestmark = pytest.mark.browser


@pytest.fixture
def assets_cast(browser_cast: Cast) -> Assets:
    return build_assets(browser_cast)


def _complete(page: Any, fields: dict[str, str]) -> None:
    for name, value in fields.items():
        page.fill(f"[data-testid=step-form] input[name={name}]", value)
    with page.expect_navigation():
        page.get_by_test_id("step-submit").click()


STEPS: list[tuple[str, dict[str, str]]] = [
    ("审计", {"done_on": "2025-03-20", "documents": "专项审计报告"}),
    ("资产评估", {"done_on": "2025-04-10", "appraised_value": "11800000"}),
    ("人员安置", {"done_on": "2025-05-10"}),  # counts filled per entity
    ("协议签订", {"done_on": "2025-05-20", "documents": "划转协议 ZQ-001"}),
    ("登记变更", {"done_on": "2025-06-01", "documents": "变更登记通知书"}),
    ("房产移交", {"done_on": "2025-06-10"}),
    ("关闭", {"done_on": "2025-06-20"}),
]


def _run(page: Any, entity: Entity, placement: dict[str, str]) -> None:
    page.goto(f"/assets/entities/{entity.pk}/")
    for label, fields in STEPS:
        expect(page.get_by_test_id("step-form")).to_contain_text(f"办理：{label}")
        _complete(page, {**fields, **(placement if label == "人员安置" else {})})
    expect(page.get_by_test_id("status")).to_have_text("集团持有")


def test_a_batch_goes_from_audit_to_closed_and_the_board_moves(page: Any,
                                                                assets_cast: Assets) -> None:
    a = assets_cast
    login(page, "assets_staff")
    # Put the guesthouse on the transfer route through the page; the hotel through the API
    # action (same action).
    page.goto(f"/assets/entities/{a.guesthouse.pk}/")
    page.select_option("[data-testid=assign-form] select[name=batch]", str(a.batch.pk))
    page.select_option("[data-testid=assign-form] select[name=route]", "transfer")
    with page.expect_navigation():
        page.get_by_test_id("assign-submit").click()
    expect(page.get_by_test_id("step-form")).to_contain_text("办理：审计")
    actions.entity_assign(entity=a.hotel, batch=a.batch, route="transfer", actor=a.staff)

    page.goto("/assets/")
    batch_row = page.get_by_test_id("board-batch").get_by_test_id(f"row-{a.batch}")
    expect(batch_row.locator("td").nth(3)).to_have_text("2")      # both at 审计
    expect(batch_row.get_by_test_id("done")).to_have_text("0")
    expect(page.get_by_test_id("total")).to_have_text("2")

    # A refused step says why and writes nothing.
    page.goto(f"/assets/entities/{a.guesthouse.pk}/")
    _complete(page, STEPS[0][1])
    page.fill("[data-testid=step-form] input[name=appraised_value]", "-1")
    page.fill("[data-testid=step-form] input[name=done_on]", "2025-04-10")
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("error-appraised_value")).to_contain_text("评估价值不能小于零")
    page.goto("/assets/")
    expect(batch_row.locator("td").nth(3)).to_have_text("1")      # one still at 审计
    expect(batch_row.locator("td").nth(4)).to_have_text("1")      # one at 资产评估

    # The guesthouse: on from 资产评估 (its 审计 is done).
    page.goto(f"/assets/entities/{a.guesthouse.pk}/")
    for label, fields in STEPS[1:]:
        expect(page.get_by_test_id("step-form")).to_contain_text(f"办理：{label}")
        extra = {"placed": "6", "retired": "3", "other": "1"} if label == "人员安置" else {}
        _complete(page, {**fields, **extra})
    expect(page.get_by_test_id("status")).to_have_text("集团持有")
    expect(page.get_by_test_id("holder")).to_contain_text("浙勤集团")
    _run(page, a.hotel, {"placed": "15", "retired": "4", "other": "1"})

    page.goto("/assets/")
    expect(batch_row.get_by_test_id("done")).to_have_text("2")
    expect(batch_row.locator("td").nth(3)).to_have_text("0")
    expect(page.get_by_test_id("done-total")).to_have_text("2")
    assert set(Entity.objects.values_list("status", flat=True)) == {EntityStatus.HOLDING}
    assert Building.objects.get(code="XH-ZS01").owner == "浙勤集团"
