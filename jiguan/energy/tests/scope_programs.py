"""The programmes' endpoints in the scope matrix: coefficient sets, water-saving units,
energy performance contracts and garbage sorting. Objects are made inside the url lambdas,
idempotently: a contract and a sorting site of the Xihu agency, and of the Ningbo agency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.energy.models import CoefficientSet, EnergyContract, GarbageSortingSite
from jiguan.orgs.models import Agency

ACTORS = ("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor", "outsider")
READ_ALL = {**dict.fromkeys(ACTORS, 200), "outsider": 403}
XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 404}
XIHU_WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404}
NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 200, "outsider": 404}
NINGBO_WRITE = {"province_admin": 302, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 302,
                "auditor": 403, "outsider": 404}
# Accepting a water-saving unit is the bureau's: the reporter sees its unit but may not.
NINGBO_MANAGE = {**NINGBO_WRITE, "ningbo_reporter": 403}
# Pages that need a permission anywhere (create forms): no object yet.
REPORTERS_FORM = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
                  "auditor": 403, "outsider": 403}
PROVINCE_ONLY = {"province_admin": 200, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 403,
                 "auditor": 403, "outsider": 403}


def _contract(agency: Agency) -> EnergyContract:
    contract, _ = EnergyContract.objects.get_or_create(
        agency=agency, name=f"{agency.name}照明改造",
        defaults={"contract_type": "shared", "provider": "某节能公司",
                  "start_date": dt.date(2025, 1, 1), "end_date": dt.date(2027, 12, 31),
                  "baseline_start": dt.date(2024, 1, 1), "baseline_end": dt.date(2024, 12, 1),
                  "baseline_kgce": Decimal("12000"), "sharing_ratio": Decimal("70")})
    return contract


def _site(agency: Agency) -> GarbageSortingSite:
    site, _ = GarbageSortingSite.objects.get_or_create(
        kind="institution", agency=agency,
        defaults={"name": agency.name, "region": agency.region, "since": dt.date(2024, 1, 1)})
    return site


def _contract_post(c: Cast, agency: Agency) -> dict[str, Any]:
    return {"name": "照明节能改造", "contract_type": "shared", "provider": "某节能公司",
            "provider_credit_code": "", "start_date": "2025-01-01", "end_date": "2027-12-31",
            "baseline_start": "2024-01-01", "baseline_end": "2024-12-01",
            "baseline_kgce": "12000", "measurement": "基期能耗-影响因素调整法",
            "sharing_ratio": "60", "guaranteed_kgce": "", "contract_amount": ""}


CHECKLIST = {"tiered_metering": "on", "named_manager": "王五", "evidence": ""}


def _gb(c: Cast) -> int:
    return CoefficientSet.objects.get(code="GB2589-2008").pk


SCOPE_MATRIX: list[Endpoint] = [
    # coefficient sets: everyone with a read role reads; only the province adds
    Endpoint("energy:coefficient_list", "GET", lambda c: reverse("energy:coefficient_list"),
             READ_ALL),
    Endpoint("energy:coefficient_detail", "GET",
             lambda c: reverse("energy:coefficient_detail", args=[_gb(c)]), READ_ALL),
    Endpoint("energy:coefficient_create", "GET",
             lambda c: reverse("energy:coefficient_create"), PROVINCE_ONLY),
    # water-saving units
    Endpoint("energy:water_saving_list", "GET", lambda c: reverse("energy:water_saving_list"),
             READ_ALL),
    Endpoint("energy:water_saving_export", "GET",
             lambda c: reverse("energy:water_saving_export"), READ_ALL),
    Endpoint("energy:water_saving_detail", "GET",
             lambda c: reverse("energy:water_saving_detail", args=[c.xihu_agency.pk]),
             XIHU_READ),
    Endpoint("energy:water_saving_detail(ningbo)", "GET",
             lambda c: reverse("energy:water_saving_detail", args=[c.ningbo_agency.pk]),
             NINGBO_READ),
    Endpoint("energy:water_saving_edit", "POST",
             lambda c: reverse("energy:water_saving_edit", args=[c.ningbo_agency.pk]),
             NINGBO_WRITE, data=lambda c: CHECKLIST),
    Endpoint("energy:water_saving_edit(xihu)", "POST",
             lambda c: reverse("energy:water_saving_edit", args=[c.xihu_agency.pk]),
             XIHU_WRITE, data=lambda c: CHECKLIST),
    # Refused for the unmet criteria (422) when allowed at all: the permission comes first.
    Endpoint("energy:water_saving_accept", "POST",
             lambda c: reverse("energy:water_saving_accept", args=[c.ningbo_agency.pk]),
             {**NINGBO_MANAGE, "province_admin": 422},
             data=lambda c: {"accepted_on": "2025-01-01", "accepted_doc": "x"}),
    Endpoint("energy:water_saving_revoke", "POST",
             lambda c: reverse("energy:water_saving_revoke", args=[c.xihu_agency.pk]),
             {**XIHU_WRITE, "province_admin": 422, "hangzhou": 422, "xihu": 422},
             data=lambda c: {"revoked_on": "2025-01-01", "reason": "x"}),
    # contracts
    Endpoint("energy:contract_list", "GET", lambda c: reverse("energy:contract_list"),
             READ_ALL),
    Endpoint("energy:contract_export", "GET", lambda c: reverse("energy:contract_export"),
             READ_ALL),
    Endpoint("energy:contract_create", "GET", lambda c: reverse("energy:contract_create"),
             REPORTERS_FORM),
    Endpoint("energy:contract_detail", "GET",
             lambda c: reverse("energy:contract_detail", args=[_contract(c.xihu_agency).pk]),
             XIHU_READ),
    Endpoint("energy:contract_savings_export", "GET",
             lambda c: reverse("energy:contract_savings_export",
                               args=[_contract(c.ningbo_agency).pk]), NINGBO_READ),
    Endpoint("energy:contract_edit", "POST",
             lambda c: reverse("energy:contract_edit", args=[_contract(c.ningbo_agency).pk]),
             NINGBO_WRITE, data=lambda c: _contract_post(c, c.ningbo_agency)),
    Endpoint("energy:contract_edit(xihu)", "POST",
             lambda c: reverse("energy:contract_edit", args=[_contract(c.xihu_agency).pk]),
             XIHU_WRITE, data=lambda c: _contract_post(c, c.xihu_agency)),
    # garbage sorting
    Endpoint("energy:sorting_list", "GET", lambda c: reverse("energy:sorting_list"), READ_ALL),
    Endpoint("energy:sorting_export", "GET", lambda c: reverse("energy:sorting_export"),
             READ_ALL),
    Endpoint("energy:sorting_create", "GET", lambda c: reverse("energy:sorting_create"),
             REPORTERS_FORM),
    Endpoint("energy:sorting_detail", "GET",
             lambda c: reverse("energy:sorting_detail", args=[_site(c.xihu_agency).pk]),
             XIHU_READ),
    Endpoint("energy:sorting_end", "POST",
             lambda c: reverse("energy:sorting_end", args=[_site(c.ningbo_agency).pk]),
             NINGBO_WRITE, data=lambda c: {"ended_on": "2025-01-01"}),
    Endpoint("energy:sorting_edit", "POST",
             lambda c: reverse("energy:sorting_edit", args=[_site(c.xihu_agency).pk]),
             XIHU_WRITE, data=lambda c: {"kind": "institution",
                                         "agency": c.xihu_agency.credit_code, "name": "",
                                         "region": "", "since": "2024-02-01", "note": ""}),
    # API
    Endpoint("energy:api:coefficient_sets", "GET",
             lambda c: "/api/v1/energy/coefficient-sets", READ_ALL, api=True),
    Endpoint("energy:api:water_saving", "GET", lambda c: "/api/v1/energy/water-saving",
             READ_ALL, api=True),
    Endpoint("energy:api:water_saving_detail", "GET",
             lambda c: f"/api/v1/energy/water-saving/{c.xihu_agency.pk}", XIHU_READ, api=True),
    Endpoint("energy:api:water_saving_put", "PUT",
             lambda c: f"/api/v1/energy/water-saving/{c.ningbo_agency.pk}",
             {**NINGBO_WRITE, "province_admin": 200, "ningbo_reporter": 200}, api=True,
             data=lambda c: {"tiered_metering": True, "named_manager": "王五"}),
    Endpoint("energy:api:contracts", "GET", lambda c: "/api/v1/energy/contracts", READ_ALL,
             api=True),
    Endpoint("energy:api:contract_detail", "GET",
             lambda c: f"/api/v1/energy/contracts/{_contract(c.ningbo_agency).pk}",
             NINGBO_READ, api=True),
    Endpoint("energy:api:sorting_sites", "GET", lambda c: "/api/v1/energy/sorting-sites",
             READ_ALL, api=True),
    Endpoint("energy:api:sorting_site_detail", "GET",
             lambda c: f"/api/v1/energy/sorting-sites/{_site(c.xihu_agency).pk}", XIHU_READ,
             api=True),
    Endpoint("energy:api:sorting_site_create", "POST",
             lambda c: "/api/v1/energy/sorting-sites",
             {"province_admin": 201, "hangzhou": 422, "xihu": 422, "ningbo_reporter": 201,
              "auditor": 403, "outsider": 403}, api=True,
             data=lambda c: {"kind": "institution", "since": "2024-01-01",
                             "agency_credit_code": c.ningbo_agency.credit_code}),
    Endpoint("energy:api:sorting_site_end", "POST",
             lambda c: f"/api/v1/energy/sorting-sites/{_site(c.xihu_agency).pk}/end",
             {**XIHU_WRITE, "province_admin": 200, "hangzhou": 200, "xihu": 200}, api=True,
             data=lambda c: {"ended_on": "2025-01-01"}),
]
