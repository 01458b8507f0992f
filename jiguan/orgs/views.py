"""Pages for regions, agencies and people: scoped fetch, permission, form, action."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.accounts import actions as access_actions
from jiguan.access.accounts.forms import TownshipForm
from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, holds, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import SEARCH_COUNT_CAP, paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action, refreshed
from jiguan.orgs import actions
from jiguan.orgs.excel.agencies import AgencyImporter
from jiguan.orgs.excel.exports import AGENCY_EXPORT_COLUMNS, PERSON_EXPORT_COLUMNS
from jiguan.orgs.excel.people import PersonImporter
from jiguan.orgs.fields import PICK_LIMIT, TEXT_SUFFIX, read_pick_token, suggestions
from jiguan.orgs.filters import agencies_for, describe, import_job_of, people_for
from jiguan.orgs.forms import (
    AgencyForm,
    AgencyStatusForm,
    ConcurrentPostForm,
    PersonForm,
    PersonStatusForm,
)
from jiguan.orgs.models import Agency, Person

# --- regions ----------------------------------------------------------------------------------

def region_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORGS)
    q = request.GET.get("q", "").strip()
    regions = Region.objects.visible_to(request.user).select_related("parent")
    if q:
        regions = regions.filter(Q(name__icontains=q) | Q(code__startswith=q))
    regions = _with_agency_counts(regions, request.user).order_by("code")
    return render(request, "orgs/region_list.html",
                  {"q": q, **paginate(request, regions, per_page=120)})


def _with_agency_counts(regions: Any, user: Any) -> Any:
    """Each region's agencies that the user may see, not all of them: an agency reporter
    sees the region of their agency, and must not learn how many others are there."""
    visible = (Agency.objects.visible_to(user).filter(region=OuterRef("pk"))
               .order_by().values("region").annotate(n=Count("pk")).values("n"))
    return regions.annotate(agency_count=Coalesce(
        Subquery(visible, output_field=IntegerField()), Value(0)))


def region_detail(request: AuthedRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    return _render_region(request, region, TownshipForm())


def _render_region(request: AuthedRequest, region: Region, form: TownshipForm,
                   status: int = 200) -> HttpResponse:
    children = _with_agency_counts(
        Region.objects.visible_to(request.user).filter(parent=region), request.user)
    agencies = Agency.objects.visible_to(request.user).filter(region__path__startswith=region.path)
    context = {
        "region": region, "children": children, "agency_count": agencies.count(),
        "bureau": getattr(region, "bureau", None), "form": form,
        "can_add_township": region.level == "county" and can(request.user, Perm.ADD_TOWNSHIP,
                                                             region),
        "history": AuditEvent.objects.for_target(region)[:50],
    }
    return render(request, "orgs/region_detail.html", context, status=status)


@require_POST
def township_create(request: AuthedRequest, code: str) -> HttpResponse:
    parent = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    require(request.user, Perm.ADD_TOWNSHIP, parent)
    form = TownshipForm(request.POST)
    return form_action(
        request, form,
        act=lambda data: access_actions.township_create(parent=parent, actor=request.user,
                                                        **data),
        done=reverse("orgs:region_detail", kwargs={"code": parent.code}),
        message=lambda region: f"已添加乡级区划：{region.name}",
        page=lambda form: _render_region(request, parent, form))


# --- agencies ---------------------------------------------------------------------------------

def _search_cap(request: AuthedRequest) -> int | None:
    """A searched list counts up to SEARCH_COUNT_CAP matches, a plain one to COUNT_CAP."""
    return SEARCH_COUNT_CAP if request.GET.get("q", "").strip() else None


def agency_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORGS)
    agencies, form = agencies_for(request.user, request.GET)
    # The page shows the region, not the parent (the export does): one join, not two.
    agencies = agencies.select_related(None).select_related("region")
    return render(request, "orgs/agency_list.html", {
        "form": form, "qs": querystring(request), "import_job": import_job_of(form),
        "can_change": can(request.user, Perm.CHANGE_AGENCY),
        "can_import": AgencyImporter.allowed(request.user),
        **paginate(request, agencies, cap=_search_cap(request))})


def agency_pick(request: AuthedRequest) -> HttpResponse:
    """The agency picker's suggestions (jiguan.orgs.fields): at most PICK_LIMIT agencies in
    the user's scope whose name contains the typed text or whose credit code it is. The
    signed ``s`` names the permission and "active only" of the form's own queryset."""
    try:
        perm, active = read_pick_token(request.GET.get("s", ""))
    except signing.BadSignature:
        return HttpResponseBadRequest("参数无效")
    if not holds(request.user, perm):
        raise PermissionDenied  # holds it nowhere (the outsider): nothing to pick from
    text = str(request.GET.get("q") or next(
        (v for k, v in request.GET.items() if k.endswith(TEXT_SUFFIX)), ""))
    rows = Agency.objects.visible_to(request.user, perm)
    rows = rows.active() if active else rows
    found = suggestions(rows, text[:100])
    return render(request, "orgs/agency_pick.html", {
        "agencies": found[:PICK_LIMIT], "more": len(found) > PICK_LIMIT,
        "q": text.strip()})


agency_export = list_export(
    "orgs.agency", perm=Perm.VIEW_ORGS, rows_for=agencies_for, columns=AGENCY_EXPORT_COLUMNS,
    title="单位名录", describe=describe)


def agency_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(
        Agency.objects.visible_to(request.user).select_related("region", "parent"), pk=pk)
    return _render_agency(request, agency, AgencyStatusForm(
        initial={"status": agency.status, "status_date": agency.status_date},
        agencies=Agency.objects.visible_to(request.user)))


def _render_agency(request: AuthedRequest, agency: Agency, status_form: AgencyStatusForm,
                   status: int = 200) -> HttpResponse:
    people = agency.people.order_by("status", "name")
    return render(request, "orgs/agency_detail.html", {
        "agency": agency, "people": people[:50], "people_count": people.count(),
        "status_form": status_form,
        "can_change": can(request.user, Perm.CHANGE_AGENCY, agency),
        "can_change_people": can(request.user, Perm.CHANGE_PERSON, agency),
        "history": AuditEvent.objects.for_target(agency)[:50],
    }, status=status)


def agency_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_AGENCY)
    regions = Region.objects.visible_to(request.user, Perm.CHANGE_AGENCY)
    agencies = Agency.objects.visible_to(request.user)
    form = AgencyForm(request.POST or None, regions=regions, agencies=agencies)
    return form_action(
        request, form,
        act=lambda _: actions.agency_create(data=form.action_data(), actor=request.user),
        done=lambda agency: reverse("orgs:agency_detail", args=[agency.pk]),
        message=lambda agency: f"已新增单位：{agency.name}",
        template="orgs/agency_form.html", context={"agency": None})


def agency_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    require(request.user, Perm.CHANGE_AGENCY, agency)
    regions = Region.objects.visible_to(request.user, Perm.CHANGE_AGENCY)
    # The form writes into its instance while validating; give it a copy, so the action
    # compares the stored values with the new ones.
    form = AgencyForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk),
                      regions=regions, agencies=Agency.objects.visible_to(request.user))
    return form_action(
        request, form,
        act=lambda _: actions.agency_update(agency=agency, data=form.action_data(),
                                            actor=request.user),
        done=reverse("orgs:agency_detail", args=[agency.pk]),
        message=lambda changes: "已保存。" if changes else "没有改动。",
        template="orgs/agency_form.html", context=lambda: {"agency": refreshed(agency)})


@require_POST
def agency_status(request: AuthedRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    require(request.user, Perm.CHANGE_AGENCY, agency)
    form = AgencyStatusForm(request.POST, agencies=Agency.objects.visible_to(request.user))
    return form_action(
        request, form,
        act=lambda data: actions.agency_set_status(
            agency=agency, status=data["status"], date=data.get("status_date"),
            merged_into=data.get("merged_into"), actor=request.user),
        done=reverse("orgs:agency_detail", args=[agency.pk]),
        message=lambda _: f"单位状态已改为：{agency.get_status_display()}",
        page=lambda form: _render_agency(request, refreshed(agency), form))


# --- people -----------------------------------------------------------------------------------

def person_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORGS)
    people, form = people_for(request.user, request.GET)
    # The page shows the agency's name only: no join to its region.
    people = people.select_related(None).select_related("agency")
    return render(request, "orgs/person_list.html", {
        "form": form, "qs": querystring(request), "import_job": import_job_of(form),
        "can_import": PersonImporter.allowed(request.user),
        **paginate(request, people, cap=_search_cap(request))})


person_export = list_export(
    "orgs.person", perm=Perm.VIEW_ORGS, rows_for=people_for, columns=PERSON_EXPORT_COLUMNS,
    title="人员名册", describe=describe)


def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("agency", "agency__region"), pk=pk)
    return _render_person(request, person)


def _render_person(request: AuthedRequest, person: Person, *, status_form: Any = None,
                   post_form: Any = None, status: int = 200) -> HttpResponse:
    agencies = Agency.objects.visible_to(request.user)
    return render(request, "orgs/person_detail.html", {
        "person": person,
        "posts": person.concurrent_posts.select_related("agency"),
        "status_form": status_form or PersonStatusForm(
            initial={"status": person.status, "status_date": person.status_date}),
        "post_form": post_form or ConcurrentPostForm(agencies=agencies),
        "can_change": can(request.user, Perm.CHANGE_PERSON, person),
        "history": AuditEvent.objects.for_target(person)[:50],
    }, status=status)


def person_create(request: AuthedRequest, agency_pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=agency_pk)
    require(request.user, Perm.CHANGE_PERSON, agency)
    form = PersonForm(request.POST or None, agency=agency)
    return form_action(
        request, form,
        act=lambda data: actions.person_create(data={**data, "agency": agency},
                                               actor=request.user),
        done=lambda person: reverse("orgs:person_detail", args=[person.pk]),
        message=lambda person: f"已新增人员：{person.name}",
        template="orgs/person_form.html", context={"agency": agency, "person": None})


def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    require(request.user, Perm.CHANGE_PERSON, person)
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=person.pk),
                      agency=person.agency)
    return form_action(
        request, form,
        act=lambda data: actions.person_update(person=person, data=data, actor=request.user),
        done=reverse("orgs:person_detail", args=[person.pk]),
        message=lambda changes: "已保存。" if changes else "没有改动。",
        template="orgs/person_form.html",
        context={"agency": person.agency, "person": person})


@require_POST
def person_status(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    require(request.user, Perm.CHANGE_PERSON, person)
    form = PersonStatusForm(request.POST)
    return form_action(
        request, form,
        act=lambda data: actions.person_set_status(
            person=person, status=data["status"], date=data.get("status_date"),
            actor=request.user),
        done=reverse("orgs:person_detail", args=[person.pk]),
        message=lambda _: f"人员状态已改为：{person.get_status_display()}",
        page=lambda form: _render_person(request, refreshed(person), status_form=form))


@require_POST
def concurrent_post_create(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    require(request.user, Perm.CHANGE_PERSON, person)
    form = ConcurrentPostForm(request.POST, agencies=Agency.objects.visible_to(request.user))
    return form_action(
        request, form,
        act=lambda d: actions.concurrent_post_create(
            person=person, agency=d["agency"], post=d["post"], start_date=d["start_date"],
            end_date=d.get("end_date"), approved=d.get("approved", False),
            approval_doc=d.get("approval_doc", ""), actor=request.user),
        done=reverse("orgs:person_detail", args=[person.pk]),
        message="已登记兼职。",
        page=lambda form: _render_person(request, person, post_form=form))
