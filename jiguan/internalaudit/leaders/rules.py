"""Rules of the economic-responsibility audit of a leader (经济责任审计): pure.

Source: 《党政主要领导干部和国有企事业单位主要领导人员经济责任审计规定》（中办发〔2019〕
45号）第四条、第二十二条: a leader's economic responsibility is audited during the term or on
leaving the post (任中或者离任); the organisation department asks for the audit of a leader
who leaves. The number of days within which the audit should be started after the
departure is not fixed there: it is a local setting, marked [R]
(settings.INTERNAL_AUDIT_DEPARTURE_DAYS, default 180)."""

from __future__ import annotations

import datetime as dt

DEFAULT_DEPARTURE_DAYS = 180  # [R] a local practice, not a national rule

LEFT_STATUSES = ("transferred", "retired")


def departure_audit_due(end_date: dt.date, days: int = DEFAULT_DEPARTURE_DAYS) -> dt.date:
    """The date by which a departing leader's audit should be started."""
    return end_date + dt.timedelta(days=days)


def term_problem(start: dt.date, end: dt.date | None) -> str:
    if not (dt.date(1949, 10, 1) <= start <= dt.date(2100, 12, 31)):
        return "任职起始日期应在 1949 年至 2100 年之间"
    if end is not None and end < start:
        return "离任日期不能早于任职起始日期"
    return ""
