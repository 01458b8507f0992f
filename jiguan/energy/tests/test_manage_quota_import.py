"""The quota workbook (kind energy.quota): rows named when wrong, nothing half-written, a
re-import changes nothing, breaches follow, the scope holds."""

from __future__ import annotations

from decimal import Decimal

from jiguan.conftest import Cast
from jiguan.core.imports.pipeline import get_importer
from jiguan.core.models import ImportStatus
from jiguan.energy.models import Quota, QuotaBreach
from jiguan.energy.tests.factories import save
from jiguan.space.tests.test_import import errors, run, workbook

HEADERS = ["统一社会信用代码", "年度", "综合能耗定额（kgce）", "用水定额（m³）"]


def test_quotas_are_imported_then_left_alone_and_breaches_follow(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-03", {"electricity": 10000})
    data = workbook(HEADERS, [[cast.xihu_agency.credit_code, 2025, 1000, None],
                              [cast.hangzhou_agency.credit_code, 2025, 50000, 800]])
    job = run(cast.hangzhou, "energy.quota", data)
    assert job.status == ImportStatus.DONE, errors(job) or job.message
    assert Quota.objects.count() == 2
    assert QuotaBreach.objects.get().agency_id == cast.xihu_agency.pk
    again = run(cast.hangzhou, "energy.quota", data)
    assert again.status == ImportStatus.DONE and again.summary["unchanged"] == 2
    changed = run(cast.hangzhou, "energy.quota", workbook(
        HEADERS, [[cast.xihu_agency.credit_code, 2025, 2000, None]]))
    assert changed.summary["updated"] == 1
    assert QuotaBreach.objects.get().status == "cleared"


def test_bad_rows_are_named_and_nothing_is_written(cast: Cast) -> None:
    data = workbook(HEADERS, [
        [cast.xihu_agency.credit_code, 2025, 1000, None],
        [cast.ningbo_agency.credit_code, 2025, 1000, None],   # not Hangzhou's
        [cast.xihu_agency.credit_code, 1990, -5, "abc"],
        [cast.xihu_agency.credit_code, 2025, 1200, None],     # same institution and year
    ])
    job = run(cast.hangzhou, "energy.quota", data)
    assert job.status == ImportStatus.INVALID
    found = {(row, column, message) for row, column, message in errors(job)}
    assert (3, "统一社会信用代码",
            f"单位“{cast.ningbo_agency.credit_code}”不存在或不在您的管理范围内") in found
    assert (4, "综合能耗定额", "综合能耗定额必须大于 0") in found
    assert (4, "用水定额", "用水定额应为数字") in found
    assert any(row == 4 and column == "年度" for row, column, _ in found)
    assert any(row == 5 for row, _, _ in found)
    assert not Quota.objects.exists()


def test_only_a_bureau_may_import_quotas(cast: Cast) -> None:
    importer = get_importer("energy.quota")
    assert importer.allowed(cast.hangzhou)
    assert not importer.allowed(cast.ningbo_reporter) and not importer.allowed(cast.auditor)
    link = "/imports/energy.quota/"
    assert link in cast.client("hangzhou").get("/energy/quotas/").content.decode()
    assert link not in cast.client("auditor").get("/energy/quotas/").content.decode()


def test_an_imported_quota_is_rounded_to_two_places(cast: Cast) -> None:
    job = run(cast.xihu, "energy.quota", workbook(
        HEADERS, [[cast.xihu_agency.credit_code, 2025, 1234.567, None]]))
    assert job.status == ImportStatus.DONE, errors(job)
    assert Quota.objects.get().kgce_quota == Decimal("1234.57")
