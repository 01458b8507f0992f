"""A large scope's yearly report is built by the task worker (immediate in tests): the page
offers it, the job page polls it, only its owner can see or download it."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.conftest import Cast
from jiguan.energy.reports import tasks as yearly_jobs
from jiguan.energy.tests.factories import profile, save

pytestmark = pytest.mark.usefixtures("small_limit")


@pytest.fixture
def small_limit() -> Any:
    with override_settings(JIGUAN_ENERGY_YEARLY_SYNC_LIMIT=1):
        yield


@pytest.fixture
def data(cast: Cast) -> Cast:
    save(cast.xihu_agency, "2025-01", {"electricity": 1000})
    save(cast.hangzhou_agency, "2025-01", {"electricity": 3000})
    save(cast.ningbo_agency, "2025-01", {"electricity": 2000})
    profile(cast.xihu_agency, 2025)
    return cast


def _generate(cast: Cast, who: str, **params: str) -> Any:
    return cast.client(who).post(reverse("energy:yearly_report_generate"),
                                 {"year": "2025", **params})


def test_a_large_scope_is_offered_in_the_background_without_a_preview(data: Cast) -> None:
    response = data.client("province_admin").get(reverse("energy:yearly_report"),
                                                 {"year": "2025"})
    html = response.content.decode()
    assert 'data-testid="yearly-generate"' in html and 'data-testid="yearly-large"' in html
    assert response.context["report"] is None
    assert "0 / 1" in html  # completeness still shown, from the summary table


def test_the_direct_download_of_a_large_scope_sends_back_to_the_page(data: Cast) -> None:
    response = data.client("province_admin").get(reverse("energy:yearly_report_download"),
                                                  {"year": "2025"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("energy:yearly_report"))


def test_the_worker_builds_the_users_workbook_and_only_the_user_gets_it(data: Cast) -> None:
    response = _generate(data, "hangzhou", coefficient_set="SH-EQUIV-PRIMARY")
    assert response.status_code == 302
    job_url = response["Location"]
    page = data.client("hangzhou").get(job_url)
    assert page.status_code == 200 and 'data-testid="yearly-job-file"' in page.content.decode()
    token = job_url.rstrip("/").split("/")[-1]
    file_url = reverse("energy:yearly_report_file", args=[token])
    download = data.client("hangzhou").get(file_url)
    content = b"".join(download.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(
        "基本信息").to_python(skip_empty_area=False)
    assert {r[1] for r in rows[6:] if r[0] != "合计"} == {"杭州市测试局", "杭州市西湖区测试局"}
    assert "SH-EQUIV-PRIMARY" in rows[3][0]
    for other in ("xihu", "province_admin", "ningbo_reporter"):
        assert data.client(other).get(job_url).status_code == 404
        assert data.client(other).get(file_url).status_code == 404


def test_a_running_job_page_polls(data: Cast) -> None:
    token = uuid.uuid4().hex
    default_storage.save(f"{yearly_jobs.file_key(data.xihu.pk, token)}.queued", ContentFile(b""))
    response = data.client("xihu").get(reverse("energy:yearly_report_job", args=[token]))
    html = response.content.decode()
    assert "正在后台生成" in html and 'hx-trigger="every 3s"' in html
    assert data.client("xihu").get(
        reverse("energy:yearly_report_file", args=[token])).status_code == 404


def test_a_failed_job_says_so(data: Cast) -> None:
    token = uuid.uuid4().hex
    yearly_jobs.queue(user=data.xihu, token=token, year=2025, set_code="GONE",
                      region_code="", scope_label="西湖区")
    response = data.client("xihu").get(reverse("energy:yearly_report_job", args=[token]))
    assert "生成失败" in response.content.decode()


@pytest.mark.parametrize("token", ["abc", "..%2F..%2Fetc", "0" * 31 + "g", "9" * 200])
def test_a_malformed_or_unknown_token_is_not_found(data: Cast, token: str) -> None:
    client = data.client("xihu")
    assert client.get(reverse("energy:yearly_report_job", args=[token])).status_code == 404
    assert client.get(reverse("energy:yearly_report_file", args=[token])).status_code == 404


def test_bad_parameters_queue_nothing(data: Cast) -> None:
    response = _generate(data, "xihu", year="abc")
    assert response.status_code == 200
    assert "年度应为四位数字的年份" in response.content.decode()


def test_generating_needs_a_post_and_a_grant(data: Cast) -> None:
    assert data.client("xihu").get(reverse("energy:yearly_report_generate")).status_code == 405
    assert _generate(data, "outsider").status_code == 403


def test_the_poll_gets_only_the_status_fragment(data: Cast) -> None:
    token = uuid.uuid4().hex
    yearly_jobs.queue(user=data.xihu, token=token, year=2025, set_code="", region_code="",
                      scope_label="西湖区")
    response = data.client("xihu").get(reverse("energy:yearly_report_job", args=[token]),
                                        HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="yearly-job"')
    assert "<html" not in html and 'data-testid="yearly-job-file"' in html


@pytest.fixture
def ages(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """{storage key: age in days}: what get_modified_time answers for those keys (the
    test storage is in memory, with no file times to set)."""
    import datetime as dt

    from django.utils import timezone

    table: dict[str, float] = {}
    original = default_storage.get_modified_time

    def modified(name: str) -> Any:
        if name in table:
            return timezone.now() - dt.timedelta(days=table[name])
        return original(name)

    monkeypatch.setattr(default_storage, "get_modified_time", modified)
    return table


def test_old_files_are_removed_when_the_user_asks_for_another(
        data: Cast, ages: dict[str, float]) -> None:
    user = data.province_admin
    old = f"{yearly_jobs.FILES_DIR}/{user.pk}/{uuid.uuid4().hex}.xlsx"
    recent = f"{yearly_jobs.FILES_DIR}/{user.pk}/{uuid.uuid4().hex}.xlsx"
    for key in (old, recent):
        default_storage.save(key, ContentFile(b"x"))
    ages.update({old: 8, recent: 2})
    assert _generate(data, "province_admin").status_code == 302
    assert not default_storage.exists(old)
    assert default_storage.exists(recent)


def test_a_lost_job_stops_polling_with_a_message(data: Cast, ages: dict[str, float]) -> None:
    user = data.province_admin
    token = uuid.uuid4().hex
    key = yearly_jobs.file_key(user.pk, token)
    assert key is not None
    default_storage.save(f"{key}.queued", ContentFile(b""))
    assert yearly_jobs.job_state(user.pk, token) == {}
    ages[f"{key}.queued"] = 1 / 12  # two hours
    assert yearly_jobs.job_state(user.pk, token) == {"error": yearly_jobs.LOST_MESSAGE}
