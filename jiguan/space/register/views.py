"""Pages of the office-space register: scoped fetch, permission, form, action, redirect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from jiguan.access.models import Region, prime_ancestors
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action, refreshed
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency, Bureau, Person, PersonStatus
from jiguan.space.register import actions
from jiguan.space.register.excel.exports import (
    BUILDING_EXPORT_COLUMNS,
    ROOM_EXPORT_COLUMNS,
    building_export_rows,
    room_export_rows,
)
from jiguan.space.register.forms import (
    SUBTYPE_LIST_ID,
    BuildingForm,
    EndDateForm,
    OccupancyForm,
    OccupantForm,
    RoomForm,
    subtype_options,
)
from jiguan.space.register.models import (
    Building,
    Floor,
    Occupancy,
    Occupant,
    Room,
    UseClass,
    person_office_limit,
)
from jiguan.space.register.queries import buildings_for, rooms_for
from jiguan.space.register.svg import RoomCell, floor_svg, legend
from jiguan.space.standards import rules

OWNER_RULE = "《党政机关办公用房管理办法》第五条：房屋所有权、土地使用权登记在本级机关事务管理部门"


@dataclass(frozen=True)
class _ScopeAt:
    """Lets access.require() judge a room as seen by one agency: bureau staff by the
    building's region, an agency reporter by the agency (its own people, its own rooms)."""

    scope_region_path: str
    scope_agency_id: int | None


def _at(room: Room, agency_id: int | None) -> _ScopeAt:
    return _ScopeAt(room.building.region.path, agency_id)


def bureau_of(region: Region) -> Bureau | None:
    """The bureau of the building's level: the region's own, else the nearest above (a
    township has none of its own)."""
    node: Region | None = region
    while node is not None:
        bureau = Bureau.objects.filter(region=node).first()
        if bureau is not None:
            return bureau
        node = node.parent
    return None


def owner_warning(building: Building) -> str | None:
    """Why the registered owner (权利人) is wrong, if it is; None when it is right or unknown."""
    if not building.owner:
        return None
    bureau = bureau_of(building.region)
    if bureau is None or building.owner.strip() == bureau.name.strip():
        return None
    return (f"权利人“{building.owner}”不是本级机关事务管理部门（{bureau.name}）。"
            f"{OWNER_RULE}。")


def office_check(room: Room, occupants: list[Occupant]) -> rules.RoomCheck | None:
    """The 2014 standard's verdict on an office with these current occupants (None for
    other classes, or when no occupant's rank has a standard)."""
    if room.use_class != UseClass.OFFICE:
        return None
    known = [limit for limit in (person_office_limit(o.person) for o in occupants)
             if limit is not None]
    if occupants and not known:
        return None
    return rules.check_office_room(usable_area=room.usable_area, occupant_limits=known)


def room_state(room: Room, occupants: list[Occupant] | None = None) -> str:
    """compliant / over / vacant for an office; service / other for the other classes.

    `occupants`: the room's current occupants, when the caller has prefetched them."""
    if room.use_class == UseClass.SERVICE:
        return "service"
    if room.use_class != UseClass.OFFICE:
        return "other"
    if occupants is None:
        occupants = list(room.occupants.filter(end_date__isnull=True)
                         .select_related("person__agency__region__parent"))
    check = office_check(room, occupants)
    return str(check.status) if check else "compliant"


#: The building list's columns (and the region's full name): only these are read.
BUILDING_LIST_FIELDS = ("code", "name", "use", "building_area", "registration_status", "region",
                        "region__code", "region__name", "region__path")


def building_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    buildings, form = buildings_for(request.user, request.GET)
    buildings = (buildings.order_by("region__code", "code")  # the annotation drops Meta.ordering
                 .only(*BUILDING_LIST_FIELDS))
    page = paginate(request, buildings)
    prime_ancestors(b.region for b in page["page_obj"])  # 所在区划's full names: one query
    return render(request, "space/building_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": can(request.user, Perm.CHANGE_SPACE),
        "can_import": can(request.user, Perm.CHANGE_SPACE) and can(request.user,
                                                                  Perm.IMPORT_DATA),
        **page})


building_export = list_export(
    "space.building", perm=Perm.VIEW_SPACE, rows_for=buildings_for,
    columns=BUILDING_EXPORT_COLUMNS, title="房产台账", describe=describe,
    prepare=lambda buildings: building_export_rows(buildings.order_by("region__code", "code")))


def building_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    building = get_object_or_404(
        Building.objects.visible_to(request.user).select_related("region__parent"), pk=pk)
    rooms = (Room.objects.visible_to(request.user).filter(building=building)
             .select_related("floor").prefetch_related(_current_allocation()))
    floors = [(n, Floor(building=building, number=n).label) for n in _floor_numbers(building)]
    return render(request, "space/building_detail.html", {
        "building": building, "rooms": rooms, "floors": floors,
        "rooms_area": rooms.aggregate(s=Sum("usable_area"))["s"],
        "bureau": bureau_of(building.region), "owner_warning": owner_warning(building),
        "can_change": can(request.user, Perm.CHANGE_SPACE, building),
        "history": AuditEvent.objects.for_target(building)[:50],
    })


def building_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.CHANGE_SPACE)
    regions = Region.objects.visible_to(request.user, Perm.CHANGE_SPACE)
    form = BuildingForm(request.POST or None, regions=regions)
    return form_action(
        request, form,
        act=lambda data: actions.building_create(data=data, actor=request.user),
        done=lambda b: reverse("space:building_detail", args=[b.pk]),
        message=lambda b: f"已新增房产：{b.name}",
        template="space/building_form.html", context={"building": None})


def building_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    building = get_object_or_404(Building.objects.visible_to(request.user), pk=pk)
    require(request.user, Perm.CHANGE_SPACE, building)
    regions = Region.objects.visible_to(request.user, Perm.CHANGE_SPACE)
    # The form validates a copy: ModelForm writes the input into its instance, and the
    # action must see the stored values to record what changed.
    form = BuildingForm(request.POST or None, regions=regions,
                        instance=Building.objects.get(pk=building.pk))
    return form_action(
        request, form,
        act=lambda data: actions.building_update(building=building, data=data,
                                                 actor=request.user),
        done=reverse("space:building_detail", args=[building.pk]),
        message=lambda changes: "已保存。" if changes else "没有改动。",
        template="space/building_form.html", context=lambda: {"building": refreshed(building)})


def floor_view(request: AuthedRequest, pk: str, number: str) -> HttpResponse:
    building = get_object_or_404(Building.objects.visible_to(request.user), pk=int(pk))
    floor_number = int(number)
    if floor_number == 0 or not building.has_floor(floor_number):
        raise Http404("该房产没有此楼层")
    floor = Floor.objects.filter(building=building, number=floor_number).first()
    label = floor.label if floor else Floor(building=building, number=floor_number).label
    current = Prefetch("occupants", to_attr="current_occupants",
                       queryset=Occupant.objects.filter(end_date__isnull=True)
                       .select_related("person__agency__region__parent"))
    rooms = list(Room.objects.visible_to(request.user)
                 .filter(building=building, floor__number=floor_number)
                 .prefetch_related(current, _current_allocation()).order_by("number"))
    cells = []
    for room in rooms:
        seated: list[Occupant] = getattr(room, "current_occupants", [])
        allocated: list[Occupancy] = getattr(room, "current_allocation", [])
        names = "、".join(o.person.name for o in seated)
        agency = allocated[0].agency.name if allocated else "未分配"
        title = f"{room.get_use_class_display()} {room.subtype}".strip() + f"；{agency}"
        if names:
            title += f"；{names}"
        cells.append(RoomCell(number=room.number, area=room.usable_area,
                              href=reverse("space:room_detail", args=[room.pk]),
                              state=room_state(room, seated), title=title))
    svg = floor_svg(cells, label=f"{building.name} {label}示意图")
    return render(request, "space/floor.html", {
        "building": building, "floor_number": floor_number, "floor_label": label,
        "rooms": rooms, "svg": mark_safe(svg),  # noqa: S308 (floor_svg escapes every text)
        "legend": legend(),
        "floors": [(n, Floor(building=building, number=n).label)
                   for n in _floor_numbers(building)],
    })


def _floor_numbers(building: Building) -> list[int]:
    """Top floor first, as a building's floor directory reads."""
    return [*range(building.floors_above, 0, -1), *range(-1, -building.floors_below - 1, -1)]


def _current_allocation(*, names_only: bool = False) -> Prefetch[Any]:
    occupancies = Occupancy.objects.filter(end_date__isnull=True).select_related("agency")
    if names_only:  # the room list shows the agency's name only
        occupancies = occupancies.only("room", "agency", "agency__name")
    return Prefetch("occupancies", to_attr="current_allocation", queryset=occupancies)


#: The room list's columns: only these are read (each row's building, region and floor were
#: read whole, three models' every column and timestamps per row; bench/README.md, session 9).
ROOM_LIST_FIELDS = ("building", "building__name", "floor", "floor__number", "number",
                    "use_class", "subtype", "usable_area")


def room_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    rooms, form = rooms_for(request.user, request.GET)
    rooms = (rooms.select_related(None).select_related("building", "floor")
             .only(*ROOM_LIST_FIELDS).prefetch_related(_current_allocation(names_only=True)))
    page = paginate(request, rooms)
    return render(request, "space/room_list.html", {
        "form": form, "qs": querystring(request),
        "can_import": can(request.user, Perm.CHANGE_SPACE) and can(request.user,
                                                                  Perm.IMPORT_DATA),
        **page})


room_export = list_export(
    "space.room", perm=Perm.VIEW_SPACE, rows_for=rooms_for, columns=ROOM_EXPORT_COLUMNS,
    title="房间台账", describe=describe, prepare=room_export_rows)


def _room_form_page(request: AuthedRequest, form: RoomForm, building: Building,
                    room: Room | None) -> HttpResponse:
    return render(request, "space/room_form.html", {
        "form": form, "building": building, "room": room,
        "subtypes": subtype_options(), "subtype_list_id": SUBTYPE_LIST_ID,
    }, status=422 if form.errors else 200)


def room_create(request: AuthedRequest, building_pk: int) -> HttpResponse:
    building = get_object_or_404(Building.objects.visible_to(request.user), pk=building_pk)
    require(request.user, Perm.CHANGE_SPACE, building)
    form = RoomForm(request.POST or None, building=building)
    return form_action(
        request, form,
        act=lambda data: actions.room_create(building=building, floor_number=data["floor"],
                                             data=form.action_data(), actor=request.user),
        done=lambda room: reverse("space:room_detail", args=[room.pk]),
        message=lambda room: f"已新增房间：{room.number}",
        page=lambda form: _room_form_page(request, form, building, None))


def room_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    room = get_object_or_404(Room.objects.visible_to(request.user)
                             .select_related("building__region", "floor"), pk=pk)
    require(request.user, Perm.CHANGE_SPACE, room)
    copy = Room.objects.select_related("floor").get(pk=room.pk)
    form = RoomForm(request.POST or None, building=room.building, instance=copy)
    return form_action(
        request, form,
        act=lambda data: actions.room_update(room=room, data=form.action_data(),
                                             floor_number=data["floor"], actor=request.user),
        done=reverse("space:room_detail", args=[room.pk]),
        message=lambda changes: "已保存。" if changes else "没有改动。",
        page=lambda form: _room_form_page(request, form, room.building, refreshed(room)))


def _get_room(request: AuthedRequest, pk: int) -> Room:
    return get_object_or_404(Room.objects.visible_to(request.user)
                             .select_related("building__region", "floor"), pk=pk)


def _seatable(user: Any, agency: Agency | None) -> tuple[Any, Any]:
    """(everyone the user may seat, the serving people of the room's agency)."""
    people = Person.objects.visible_to(user, Perm.CHANGE_OCCUPANTS)
    if agency is None:
        return people, people.none()
    return people, people.filter(agency=agency, status=PersonStatus.SERVING).order_by("name")


def _render_room(request: AuthedRequest, room: Room, *, occupancy_form: Any = None,
                 occupant_form: Any = None, status: int = 200) -> HttpResponse:
    user = request.user
    allocation = (Occupancy.objects.filter(room=room, end_date__isnull=True)
                  .select_related("agency").first())
    occupants = list(room.occupants.filter(end_date__isnull=True)
                     .select_related("person__agency__region__parent", "concurrent_post"))
    agency = allocation.agency if allocation else None
    people, choices = _seatable(user, agency)
    can_seat = (room.use_class == UseClass.OFFICE and allocation is not None
                and can(user, Perm.CHANGE_OCCUPANTS, _at(room, agency.pk if agency else None)))
    rows = [{"occupant": o, "limit": person_office_limit(o.person),
             "can_end": can(user, Perm.CHANGE_OCCUPANTS, _at(room, o.person.agency_id))}
            for o in occupants]
    state = room_state(room, occupants)
    check = office_check(room, occupants)
    return render(request, "space/room_detail.html", {
        "room": room, "building": room.building, "allocation": allocation,
        "occupants": rows, "state": state, "check": check,
        "state_label": {"compliant": "符合标准", "over": "超标", "vacant": "空置"}.get(state),
        "past_allocations": Occupancy.objects.filter(room=room, end_date__isnull=False)
        .select_related("agency")[:20],
        "occupancy_form": occupancy_form or OccupancyForm(
            agencies=Agency.objects.visible_to(user)),
        "occupant_form": occupant_form or OccupantForm(people=people, choices=choices),
        "end_form": EndDateForm(),
        "can_change": can(user, Perm.CHANGE_SPACE, room),
        "can_seat": can_seat,
        "history": AuditEvent.objects.for_target(room)[:50],
    }, status=status)


def room_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_room(request, _get_room(request, pk))


@require_POST
def occupancy_start(request: AuthedRequest, pk: int) -> HttpResponse:
    room = _get_room(request, pk)
    require(request.user, Perm.CHANGE_SPACE, room)
    form = OccupancyForm(request.POST, agencies=Agency.objects.visible_to(request.user))
    return form_action(
        request, form,
        act=lambda data: actions.occupancy_start(room=room, agency=data["agency_credit_code"],
                                                 start_date=data["start_date"],
                                                 actor=request.user),
        done=reverse("space:room_detail", args=[room.pk]),
        message=lambda _: f"已登记使用单位：{form.cleaned_data['agency_credit_code'].name}",
        page=lambda form: _render_room(request, room, occupancy_form=form))


@require_POST
def occupancy_end(request: AuthedRequest, pk: int) -> HttpResponse:
    # Not form_action: a one-field form inside the room page, which carries several; a
    # refusal comes back as a message on that page after the redirect (PRG), not as a 422
    # redraw of one form.
    room = _get_room(request, pk)
    require(request.user, Perm.CHANGE_SPACE, room)
    allocation = get_object_or_404(Occupancy, room=room, end_date__isnull=True)
    form = EndDateForm(request.POST)
    if form.is_valid():
        try:
            actions.occupancy_end(occupancy=allocation, end_date=form.cleaned_data["end_date"],
                                  actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已结束{allocation.agency.name}的使用。")
    else:
        messages.error(request, "请填写有效的结束日期。")
    return redirect("space:room_detail", pk=room.pk)


@require_POST
def occupant_start(request: AuthedRequest, pk: int) -> HttpResponse:
    room = _get_room(request, pk)
    allocation = (Occupancy.objects.filter(room=room, end_date__isnull=True)
                  .select_related("agency").first())
    agency = allocation.agency if allocation else None
    require(request.user, Perm.CHANGE_OCCUPANTS, _at(room, agency.pk if agency else None))
    people, choices = _seatable(request.user, agency)
    form = OccupantForm(request.POST, people=people, choices=choices)
    if allocation is None:
        form.add_error(None, "该房间尚未登记使用单位，请先登记使用单位")
        return _render_room(request, room, occupant_form=form, status=422)

    def seat(d: dict[str, Any]) -> Any:
        occupant = actions.occupant_start(
            room=room, person=d["person"], start_date=d["start_date"],
            concurrent_post=d.get("concurrent_post"), actor=request.user)
        if room.use_class != UseClass.OFFICE:
            # The register records what is; the compliance check flags it.
            messages.warning(request, f"该房间为{room.get_use_class_display()}，在此办公属于"
                                      "改变使用功能，已列入规范使用问题。")
        return occupant

    return form_action(
        request, form, act=seat, done=reverse("space:room_detail", args=[room.pk]),
        message=lambda _: f"已安排{form.cleaned_data['person'].name}在此办公。",
        page=lambda form: _render_room(request, room, occupant_form=form))


@require_POST
def occupant_end(request: AuthedRequest, pk: int) -> HttpResponse:
    # Not form_action: as occupancy_end, a one-field form inside the room page; a refusal
    # is a message on that page after the redirect.
    occupant = get_object_or_404(
        Occupant.objects.filter(room__in=Room.objects.visible_to(request.user))
        .select_related("room__building__region", "person"), pk=pk)
    room = occupant.room
    require(request.user, Perm.CHANGE_OCCUPANTS, _at(room, occupant.person.agency_id))
    form = EndDateForm(request.POST)
    if form.is_valid():
        try:
            actions.occupant_end(occupant=occupant, end_date=form.cleaned_data["end_date"],
                                 actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"{occupant.person.name}已腾退。")
    else:
        messages.error(request, "请填写有效的腾退日期。")
    return redirect("space:room_detail", pk=room.pk)
