"""Every API list pages through core.api_params.Pagination: counts capped like the list pages,
no deep OFFSET past the cap, and keyset pages (`after`) to read everything."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from jiguan.conftest import Cast, make_credit_code
from jiguan.core import htmx
from jiguan.orgs.models import Agency

JIGUAN = Path(__file__).resolve().parents[2]


def _agencies(cast: Cast, n: int, prefix: str) -> None:
    Agency.objects.bulk_create(
        Agency(name=f"{prefix}{i:03d}", region=cast.xihu_agency.region, level="county",
               credit_code=make_credit_code("330106", 4000 + i)) for i in range(n))


def test_api_counts_stop_at_the_cap_and_say_more(cast: Cast, monkeypatch: Any) -> None:
    monkeypatch.setattr(htmx, "COUNT_CAP", 20)
    _agencies(cast, 30, "接口封顶")
    client = cast.client("province_admin")
    body = client.get("/api/v1/orgs/agencies", {"q": "接口封顶", "page_size": "10"}).json()
    assert (body["count"], body["more"], len(body["items"])) == (20, True, 10)
    # The last page inside the cap is served ...
    second = client.get("/api/v1/orgs/agencies",
                        {"q": "接口封顶", "page_size": "10", "page": "2"}).json()
    assert len(second["items"]) == 10
    # ... a page past it is refused in Chinese, naming the field, instead of a deep OFFSET.
    deep = client.get("/api/v1/orgs/agencies", {"q": "接口封顶", "page_size": "10", "page": "3"})
    assert deep.status_code == 422
    assert "after" in deep.json()["errors"]["page"][0]
    exact = client.get("/api/v1/orgs/agencies", {"q": "接口封顶00"}).json()
    assert (exact["count"], exact["more"]) == (10, False)


def test_api_keyset_pages_read_every_row_once(cast: Cast, monkeypatch: Any) -> None:
    monkeypatch.setattr(htmx, "COUNT_CAP", 20)
    _agencies(cast, 45, "接口逐页")
    client = cast.client("province_admin")
    seen: list[int] = []
    after = 0
    for _ in range(10):
        body = client.get("/api/v1/orgs/agencies",
                          {"q": "接口逐页", "page_size": "20", "after": str(after)}).json()
        seen += [row["id"] for row in body["items"]]
        if body["next_after"] is None:
            assert body["more"] is False
            break
        after = body["next_after"]
    assert len(seen) == 45 and seen == sorted(set(seen))
    expected = set(Agency.objects.filter(name__startswith="接口逐页").values_list("pk", flat=True))
    assert set(seen) == expected


def test_every_paginated_api_uses_the_shared_paginator() -> None:
    """`@paginate(X)` anywhere in jiguan names core's Pagination, never a ninja class."""
    offenders = []
    for path in JIGUAN.rglob("api.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "paginate"):
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Name) and first.id == "Pagination"):
                    offenders.append(f"{path.relative_to(JIGUAN)}:{node.lineno}")
            if (isinstance(node, ast.ImportFrom) and node.module == "ninja.pagination"
                    and any(a.name != "paginate" for a in node.names)):
                offenders.append(f"{path.relative_to(JIGUAN)}:{node.lineno} imports "
                                 f"{[a.name for a in node.names]}")
    assert not offenders, offenders
