"""The input part's endpoints in the scope matrix. Bureaus report for the institutions of
their regions, the Ningbo reporter for its own agency; the auditor reads but never writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint

MONTH = "2025-03"

# A write page on a Xihu institution (bureau of Xihu, Hangzhou, province may report).
XIHU_REPORT_PAGE = {"province_admin": 200, "hangzhou": 200, "xihu": 200,
                    "ningbo_reporter": 404, "auditor": 403, "outsider": 404}
XIHU_REPORT_POST = {**XIHU_REPORT_PAGE, "province_admin": 302, "hangzhou": 302, "xihu": 302}
NINGBO_REPORT_PAGE = {"province_admin": 200, "hangzhou": 404, "xihu": 404,
                      "ningbo_reporter": 200, "auditor": 403, "outsider": 404}
NINGBO_REPORT_POST = {**NINGBO_REPORT_PAGE, "province_admin": 302, "ningbo_reporter": 302}
READERS = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
           "auditor": 200, "outsider": 403}
REPORTERS = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
             "auditor": 403, "outsider": 403}


def _month(c: Cast, agency: str) -> str:
    return reverse("energy:month_entry", args=[getattr(c, agency).pk, MONTH])


def _month_data(c: Cast) -> dict[str, str]:
    return {"electricity-quantity": "1000", "electricity-unit": "kWh",
            "electricity-cost": "800"}


def _profile(c: Cast, agency: str) -> str:
    return reverse("energy:profile_edit", args=[getattr(c, agency).pk, 2025])


def _profile_data(c: Cast) -> dict[str, str]:
    return {"type_code": "01", "on_register": "on", "building_area": "2000",
            "energy_headcount": "80", "authorized_headcount": "60"}


def _api_profile(c: Cast) -> str:
    """The Xihu agency's 2025 profile (made here, idempotently)."""
    from jiguan.energy.models import InstitutionYear
    from jiguan.energy.readings import actions

    if not InstitutionYear.objects.filter(agency=c.xihu_agency, year=2025).exists():
        actions.profile_save(agency=c.xihu_agency, year=2025, actor=None,
                             data={"building_area": Decimal("2000"), "energy_headcount": 80})
    return f"/api/v1/energy/institutions/{c.xihu_agency.pk}/profile/2025"


def _api_batch(c: Cast) -> dict[str, Any]:
    return {"readings": [{"agency_id": c.xihu_agency.pk, "month": MONTH,
                          "energy_type": "electricity", "quantity": 1000}]}


def _api_profile_data(c: Cast) -> dict[str, Any]:
    return {"type_code": "01", "building_area": "2100", "energy_headcount": 85}


XIHU_API_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
                 "auditor": 200, "outsider": 404}
XIHU_API_WRITE = {**XIHU_API_READ, "auditor": 403}
# Out-of-scope institutions are refused rows (422), not a 404 of the whole call.
XIHU_API_BATCH = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 422,
                  "auditor": 403, "outsider": 403}


SCOPE_MATRIX: list[Endpoint] = [
    Endpoint("energy:entry", "GET", lambda c: reverse("energy:entry"), REPORTERS),
    Endpoint("energy:month_entry", "GET", lambda c: _month(c, "xihu_agency"), XIHU_REPORT_PAGE),
    Endpoint("energy:month_entry/ningbo", "GET", lambda c: _month(c, "ningbo_agency"),
             NINGBO_REPORT_PAGE),
    Endpoint("energy:month_entry/save", "POST", lambda c: _month(c, "xihu_agency"),
             XIHU_REPORT_POST, data=_month_data),
    Endpoint("energy:month_entry/save-ningbo", "POST", lambda c: _month(c, "ningbo_agency"),
             NINGBO_REPORT_POST, data=_month_data),
    Endpoint("energy:profile_edit", "GET", lambda c: _profile(c, "xihu_agency"),
             XIHU_REPORT_PAGE),
    Endpoint("energy:profile_edit/ningbo", "GET", lambda c: _profile(c, "ningbo_agency"),
             NINGBO_REPORT_PAGE),
    Endpoint("energy:profile_edit/save", "POST", lambda c: _profile(c, "xihu_agency"),
             XIHU_REPORT_POST, data=_profile_data),
    Endpoint("energy:reading_list", "GET", lambda c: reverse("energy:reading_list"), READERS),
    Endpoint("energy:reading_export", "GET", lambda c: reverse("energy:reading_export"),
             READERS),
    Endpoint("energy:import_readings", "GET",
             lambda c: reverse("imports:start", args=["energy.reading"]), REPORTERS),
    Endpoint("energy:import_readings_template", "GET",
             lambda c: reverse("imports:template", args=["energy.reading"]), REPORTERS),
    Endpoint("energy:import_readings_wide", "GET",
             lambda c: reverse("imports:start", args=["energy.reading_wide"]), REPORTERS),
    Endpoint("energy:import_readings_wide_template", "GET",
             lambda c: reverse("imports:template", args=["energy.reading_wide"]), REPORTERS),
    Endpoint("energy:api_readings_batch", "POST",
             lambda c: "/api/v1/energy/readings/batch", XIHU_API_BATCH, data=_api_batch,
             api=True),
    Endpoint("energy:api_readings", "GET", lambda c: "/api/v1/energy/readings/", READERS),
    Endpoint("energy:api_profile", "GET", _api_profile, XIHU_API_READ),
    Endpoint("energy:api_profile_put", "PUT", _api_profile, XIHU_API_WRITE,
             data=_api_profile_data, api=True),
]
