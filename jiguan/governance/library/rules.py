"""The rules of the rules library as pure functions: document numbers (文号), articles
(第一条 …), validity periods, relation cycles and the highlighted snippets of a search."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings

# 浙江省行政规范性文件管理办法 (省政府令第372号, 2018): a normative document is valid for
# at most 5 years, a 暂行/试行 one for at most 2 [R: recalled, not verified against the
# text; configurable: JIGUAN_GOVERNANCE_VALIDITY_YEARS / _PROVISIONAL_YEARS].
VALIDITY_SOURCE = "《浙江省行政规范性文件管理办法》（省政府令第372号）[R]"
VALIDITY_NOTICE_DAYS_DEFAULT = 90


def validity_years() -> int:
    return int(getattr(settings, "JIGUAN_GOVERNANCE_VALIDITY_YEARS", 5))


def provisional_years() -> int:
    return int(getattr(settings, "JIGUAN_GOVERNANCE_PROVISIONAL_YEARS", 2))


def notice_days() -> int:
    return int(getattr(settings, "JIGUAN_GOVERNANCE_VALIDITY_NOTICE_DAYS",
                       VALIDITY_NOTICE_DAYS_DEFAULT))


def is_provisional(title: str) -> bool:
    """暂行 / 试行 in the title (暂行办法, 试行规定)."""
    return "暂行" in title or "试行" in title


def default_valid_until(effective_on: dt.date | None, *, provisional: bool) -> dt.date | None:
    """The day a normative document's validity ends by default: effective date + 5 years
    (2 for 暂行/试行), minus one day."""
    if effective_on is None:
        return None
    years = provisional_years() if provisional else validity_years()
    try:
        end = effective_on.replace(year=effective_on.year + years)
    except ValueError:  # 29 February
        end = effective_on.replace(year=effective_on.year + years, day=28)
    return end - dt.timedelta(days=1)


def ends_within(valid_until: dt.date | None, today: dt.date, days: int) -> bool:
    return valid_until is not None and today <= valid_until <= today + dt.timedelta(days=days)


# --- 文号 ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocNumber:
    number: str          # normalised: 浙机事发〔2018〕12号
    issuer_code: str     # 浙机事发
    year: int | None
    serial: int | None


_BRACKETED = re.compile(r"^(?P<code>[^\s〔\[［(（]{1,30})\s*[〔\[［(（]\s*(?P<year>\d{4})\s*"
                        r"[〕\]］)）]\s*第?\s*(?P<serial>\d{1,6})\s*号$")
_DECREE = re.compile(r"^(?P<code>\S{1,30}?令)\s*第\s*(?P<serial>\d{1,6})\s*号$")
_STANDARD = re.compile(r"^(?P<code>[A-Z]{2,4}(?:/[A-Z])?\s?[\d.]+)-(?P<year>\d{4})$")
NUMBER_HELP = "文号格式应如“浙机事发〔2018〕12号”“国务院令第621号”或标准号“GB/T 2589-2020”"


def parse_number(text: str) -> DocNumber | None:
    """The parts of a document number, or None when it follows none of the forms."""
    raw = re.sub(r"\s+", "", text or "").replace("[", "〔").replace("]", "〕")
    raw = raw.replace("［", "〔").replace("］", "〕")
    if not raw:
        return None
    m = _BRACKETED.match(raw)
    if m:
        code, year, serial = m["code"], int(m["year"]), int(m["serial"])
        if not 1949 <= year <= 2100:
            return None
        return DocNumber(f"{code}〔{year}〕{serial}号", code, year, serial)
    m = _DECREE.match(raw)
    if m:
        return DocNumber(f"{m['code']}第{int(m['serial'])}号", m["code"], None, int(m["serial"]))
    m = re.match(_STANDARD, (text or "").strip())
    if m:
        return DocNumber(f"{m['code']}-{m['year']}", m["code"], int(m["year"]), None)
    return None


# --- articles ------------------------------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二三四五六七八九十百千两"


def cn_number(text: str) -> int | None:
    """二十三 -> 23, 一百零五 -> 105, 十 -> 10 (None for anything else)."""
    if not text or any(ch not in _CN for ch in text):
        return None
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + digit


def cn_label(n: int) -> str:
    """23 -> 二十三 (1 to 999), for article labels."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + digits[rest]
    return head + (digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else ""))


@dataclass(frozen=True)
class Article:
    seq: int
    label: str
    chapter: str
    text: str


_ARTICLE = re.compile(rf"^\s*第([{_CN}]{{1,6}})条[\s　]*")
_CHAPTER = re.compile(rf"^\s*(第[{_CN}]{{1,4}}章[\s　]*.*)$")


class ArticleError(ValueError):
    pass


def split_articles(paragraphs: Iterable[str]) -> list[Article]:
    """Articles from the text's paragraphs: each starts with 第X条; a paragraph without one
    continues the article above; 第X章 lines name the chapter. Text before the first
    article is dropped. Raises ArticleError when no article is found or the numbers do not
    run 1, 2, 3 …"""
    articles: list[list[str]] = []
    meta: list[tuple[int, str, str]] = []
    chapter = ""
    for para in paragraphs:
        line = para.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        cm = _CHAPTER.match(line)
        if cm and len(line) <= 60:
            chapter = re.sub(r"\s+", " ", cm.group(1)).strip()
            continue
        am = _ARTICLE.match(line)
        if am:
            n = cn_number(am.group(1))
            if n is None:
                raise ArticleError(f"无法识别条号：{line[:20]}")
            meta.append((n, f"第{am.group(1)}条", chapter))
            articles.append([line[am.end():].strip()])
        elif articles:
            articles[-1].append(line)
    if not articles:
        raise ArticleError("未识别到条文：正文应以“第一条”开始分条")
    out = []
    for i, ((n, label, chap), parts) in enumerate(zip(meta, articles, strict=True), start=1):
        if n != i:
            raise ArticleError(f"条号不连续：第{cn_label(i)}条处为“{label}”")
        out.append(Article(n, label, chap, "\n".join(p for p in parts if p)))
    return out


def split_text(text: str) -> list[Article]:
    return split_articles(text.splitlines())


# --- relations -----------------------------------------------------------------------------

def creates_cycle(edges: Mapping[int, Iterable[int]], source: int, target: int) -> bool:
    """Would the edge source -> target close a cycle (target already reaches source)?"""
    if source == target:
        return True
    seen: set[int] = set()
    stack = [target]
    while stack:
        node = stack.pop()
        if node == source:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges.get(node, ()))
    return False


# --- search snippets -----------------------------------------------------------------------

@dataclass(frozen=True)
class Snippet:
    before: str
    hit: str
    after: str


def snippet(text: str, query: str, width: int = 30) -> Snippet | None:
    """The first hit of `query` in `text` (case-insensitive) with `width` characters on
    each side, for a highlighted search result."""
    query = query.strip()
    if not query:
        return None
    at = text.lower().find(query.lower())
    if at < 0:
        return None
    start, end = max(0, at - width), min(len(text), at + len(query) + width)
    return Snippet(("…" if start else "") + text[start:at], text[at:at + len(query)],
                   text[at + len(query):end] + ("…" if end < len(text) else ""))
