"""The rules of one platform, as pure functions: the window, holidays, seats, odometer,
fuel. Sources: 机关事务管理条例 第二十六条 (集中管理、统一调度、使用登记); the 2011-era
local rules mirrored in domain-rules.md §4.1 (节假日封存停驶; 派车单)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import chinese_calendar

HOLIDAY_RULE = "公务用车节假日封存停驶，紧急公务除外（domain-rules.md §4.1 使用管理）"
DISPATCH_RULE = "机关事务管理条例第二十六条：公务用车集中管理、统一调度"
# The longest window one request may ask for; a longer absence is a loan, not a trip.
MAX_WINDOW_DAYS = 15


def window_problem(start: dt.datetime, end: dt.datetime) -> str | None:
    if end <= start:
        return "用车结束时间须晚于开始时间"
    if end - start > dt.timedelta(days=MAX_WINDOW_DAYS):
        return f"一次用车不能超过 {MAX_WINDOW_DAYS} 天"
    return None


def is_rest_day(day: dt.date) -> bool:
    """A weekend or statutory holiday (调休 working Saturdays are working days), from the
    `chinese-calendar` tables; beyond the years they cover, weekends only."""
    try:
        return bool(chinese_calendar.is_holiday(day))
    except NotImplementedError:
        return day.weekday() >= 5


def rest_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days = []
    day = start
    while day <= end:
        if is_rest_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def holiday_problem(start: dt.date, end: dt.date, *, urgent: bool) -> str | None:
    if urgent:
        return None
    days = rest_days(start, end)
    if not days:
        return None
    shown = "、".join(f"{d:%m月%d日}" for d in days[:5]) + ("等" if len(days) > 5 else "")
    return f"{shown}为节假日，车辆封存停驶；确需用车请标明紧急公务（{HOLIDAY_RULE}）"


def seats_problem(passengers: int, seats: int) -> str | None:
    if passengers > seats:
        return f"乘车 {passengers} 人，该车只有 {seats} 个座位"
    return None


def odometer_problem(*, last: int, start: int, end: int) -> tuple[str, str] | None:
    if start < last:
        return ("odometer_start", f"出车里程 {start:,} km 低于该车上次读数 {last:,} km")
    if end < start:
        return ("odometer_end", f"回场里程 {end:,} km 低于出车里程 {start:,} km")
    return None


def fuel_problem(*, litres: Decimal | None, tank: Decimal | None, kwh: Decimal | None,
                 battery: Decimal | None) -> tuple[str, str] | None:
    if litres is not None and litres > 0:
        if tank is None:
            return ("fuel_litres", "该车为纯电动车，不能登记加油")
        if litres > tank:
            return ("fuel_litres", f"加油 {litres} 升超过油箱容积 {tank} 升")
    if kwh is not None and kwh > 0:
        if battery is None:
            return ("charge_kwh", "该车不是新能源车，不能登记充电")
        if kwh > battery:
            return ("charge_kwh", f"充电 {kwh} kWh 超过电池容量 {battery} kWh")
    return None


def execution_window_problem(*, start_at: dt.datetime, end_at: dt.datetime,
                             actual_start: dt.datetime, actual_end: dt.datetime
                             ) -> tuple[str, str] | None:
    if actual_end <= actual_start:
        return ("actual_end", "实际回场时间须晚于实际出车时间")
    if actual_start < start_at:
        return ("actual_start", "实际出车时间早于批准的用车时段")
    if actual_end > end_at:
        return ("actual_end", "实际回场时间晚于批准的用车时段，行程超出用车时段")
    return None


def slip_number(region_code: str, year: int, serial: int) -> str:
    """派车单号: the platform's region code, the year, a serial within both."""
    return f"PC{region_code}{year}{serial:06d}"
