"""/api/v1/space/compliance/: the compliance findings (统一规范使用), their 整改 and the
roll-up, through the same querysets, filter form and actions as the pages
(jiguan/space/compliance/views.py). Out-of-scope objects answer 404, a missing permission
403, and bad input or a refused action 422 with Chinese messages.

Recomputing the findings stays on the roll-up page (a province-wide recompute is queued to
the task worker)."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.types import AuthedRequest
from jiguan.space.compliance import actions, queries, rules
from jiguan.space.compliance.forms import StartForm
from jiguan.space.compliance.models import Finding, FindingKind, FindingStatus
from jiguan.space.compliance.queries import finding_or_404, findings_for, region_from

router = Router(tags=["办公用房规范使用"])


class FindingOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    status: str
    status_label: str = Field(alias="get_status_display")
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    agency_id: int | None
    agency_name: str | None = None
    building_id: int | None
    room_id: int | None
    person_id: int | None
    subject: str = Field(alias="subject_label")
    measure: Decimal
    detail: str
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime
    resolved_at: dt.datetime | None
    due_date: dt.date | None
    reopen_count: int
    note: str

    @staticmethod
    def resolve_agency_name(finding: Finding) -> str | None:
        return finding.agency.name if finding.agency is not None else None


class FindingDetailOut(FindingOut):
    key: str
    verified_at: dt.datetime | None
    verified_by: str | None = None
    rule: str = ""
    can_start: bool = False
    can_verify: bool = False

    @staticmethod
    def resolve_verified_by(finding: Finding) -> str | None:
        return finding.verified_by.display_name if finding.verified_by is not None else None

    @staticmethod
    def resolve_rule(finding: Finding) -> str:
        return rules.RULE_TEXT.get(finding.kind, "")

    # The same conditions as the finding's page shows its two forms on.
    @staticmethod
    def resolve_can_start(finding: Finding, context: Any) -> bool:
        return finding.is_active and can(context["request"].user, Perm.CHANGE_OCCUPANTS, finding)

    @staticmethod
    def resolve_can_verify(finding: Finding, context: Any) -> bool:
        return (finding.status == FindingStatus.FIXED
                and can(context["request"].user, Perm.VERIFY_RECTIFICATION, finding))


class StartIn(Schema):
    note: str = ""


class ComplianceRollupRowOut(Schema):
    label: str
    region_code: str
    agency_id: int | None
    counts: dict[str, int]
    active: int
    fixed: int
    over_area: Decimal
    over_approved_area: Decimal
    vacant_area: Decimal
    office_rooms: int
    over_share: Decimal | None

    @staticmethod
    def resolve_counts(row: queries.RollupRow) -> dict[str, int]:
        """Active findings per kind, every kind listed (in the order of FindingKind)."""
        return dict(zip(FindingKind.values, row.kind_counts, strict=True))


class ComplianceRollupOut(Schema):
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    by_agency: bool
    rows: list[ComplianceRollupRowOut]
    total: ComplianceRollupRowOut


def _invalid(form: Any) -> ValidationError:
    return ValidationError(form.errors.as_data())


@router.get("/findings", response=list[FindingOut])
@paginate(Pagination, page_size=100)
def list_findings(request: AuthedRequest, kind: str = "", status: str = "",
                  region: str = Query("", max_length=12), agency: IdQuery = None) -> Any:
    """The findings in the user's scope. ``status`` is a FindingStatus or ``active``
    (待整改 and 整改中); ``region`` a region code (its subtree); ``agency`` an agency id."""
    require(request.user, Perm.VIEW_SPACE)
    params = {"kind": kind, "status": status, "region": region, "agency": agency or ""}
    findings, form = findings_for(request.user, params)
    if form.is_bound and not form.is_valid():
        raise _invalid(form)
    return findings


@router.get("/findings/{finding_id}", response=FindingDetailOut)
def get_finding(request: AuthedRequest, finding_id: int) -> Any:
    return finding_or_404(request, finding_id)


@router.post("/findings/{finding_id}/start", response=FindingDetailOut)
def start_finding(request: AuthedRequest, finding_id: int, payload: StartIn) -> Any:
    """整改中: the agency (or its bureau) records its rectification measures."""
    finding = finding_or_404(request, finding_id)
    require(request.user, Perm.CHANGE_OCCUPANTS, finding)
    form = StartForm(payload.dict())
    if not form.is_valid():
        raise _invalid(form)
    actions.finding_start(finding=finding, note=form.cleaned_data["note"], actor=request.user)
    return finding_or_404(request, finding_id)


@router.post("/findings/{finding_id}/verify", response=FindingDetailOut)
def verify_finding(request: AuthedRequest, finding_id: int) -> Any:
    """已核验: the bureau confirms a rectification the data shows (已整改 only)."""
    finding = finding_or_404(request, finding_id)
    require(request.user, Perm.VERIFY_RECTIFICATION, finding)
    actions.finding_verify(finding=finding, actor=request.user)
    return finding_or_404(request, finding_id)


@router.get("/rollup", response=ComplianceRollupOut)
def rollup(request: AuthedRequest, region: str = Query("", max_length=12)) -> Any:
    """The roll-up page's rows: a province per city, a city per county, a county per agency.
    Without ``region``: the top of the user's scope."""
    require(request.user, Perm.VIEW_SPACE)
    return queries.rollup(request.user, region_from(request))
