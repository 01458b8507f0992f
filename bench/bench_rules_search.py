"""Benchmark: the rules library's full-text search over 10,000 rules of 30 articles each
(issue 13: "answers in under 200 ms p95").

In process (no HTTP server), on its own database (SQLite by default,
var/bench/governance.sqlite3; or --database-url for PostgreSQL). The data set is built when
missing: migrate, load_regions, then 10,000 rules x 30 generated articles through
bulk_create (the search index is kept by its triggers / GIN index, as for any write).

For each query, --requests times: what the register page does for a province user — the
scoped, searched rule list (core.search over titles, numbers, issuers and the articles'
bigram index), its capped count, the first page of 50 and the highlighted hits of that page.
Baseline in the same run: the same query by plain ``icontains`` scans (what the list would do
without the index). Wall-clock and CPU time (process_time) p50/p95 per query; the ratio is
ours / baseline of the p95.

    .venv/bin/python bench/bench_rules_search.py
    .venv/bin/python bench/bench_rules_search.py --requests 30
    .venv/bin/python bench/bench_rules_search.py --database-url postgres://postgres@127.0.0.1:5432/jiguan_gov_bench
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")

CLAUSES = ("各单位应当严格执行办公用房配置标准", "不得超标准配备使用公务用车", "会议费实行预算管理",
           "公务接待实行审批制度", "维修改造项目应当履行审批程序", "国有资产实行统一登记",
           "节能目标纳入年度考核", "后勤服务购买应当公开择优", "差旅费按照规定标准报销",
           "办公家具配置不得超过最低使用年限要求", "土地与房屋使用权属统一登记",
           "本办法由机关事务管理局负责解释", "违反本办法的依法追究责任",
           "租用办公用房须经本级政府批准",
           "公务用车实行集中管理统一调度", "年度统计报告于三月三十一日前报送")
TERMS = [f"{a}{b}" for a in "甲乙丙丁戊己庚辛壬癸" for b in ("项目", "事项", "清单", "台账", "标准",
                                                            "目录", "平台", "档案", "预算", "合同")]
QUERIES = {
    "phrase": "统一调度",
    "two_chars": "租用",
    "rare_term": "癸档案",
    "sentence": "租用办公用房须经本级政府批准",
    "number": "浙机事发〔2025〕77号",
    "none": "不存在的短语",
}


def build(n_rules: int, n_articles: int, seed: int) -> None:
    from jiguan.access.models import Region
    from jiguan.governance.library.models import Rule, RuleArticle, RuleKind, RuleSubject
    from jiguan.governance.library.rules import cn_label

    if Rule.objects.count() >= n_rules:
        return
    rnd = random.Random(seed)
    regions = list(Region.objects.filter(level__in=["province", "city", "county"])[:100])
    kinds, subjects = list(RuleKind.objects.all()), list(RuleSubject.objects.all())
    started = time.monotonic()
    batch = 500
    for start in range(0, n_rules, batch):
        rules = [Rule(region=regions[i % len(regions)], title=f"{rnd.choice(subjects).name}管理办法"
                      f"{rnd.choice(TERMS)}第{i}号", issuer="机关事务管理局",
                      number=f"浙机事发〔{2000 + i % 26}〕{i}号", issuer_code="浙机事发",
                      year=2000 + i % 26, serial=i, kind=rnd.choice(kinds),
                      subject=rnd.choice(subjects))
                 for i in range(start, min(n_rules, start + batch))]
        Rule.objects.bulk_create(rules)
        saved = Rule.objects.order_by("-pk")[:len(rules)]
        arts = [RuleArticle(rule=r, seq=k, label=f"第{cn_label(k)}条",
                            text="，".join(rnd.sample(CLAUSES, 3)) + f"，{rnd.choice(TERMS)}。")
                for r in saved for k in range(1, n_articles + 1)]
        RuleArticle.objects.bulk_create(arts, batch_size=2000)
        print(f"  {start + len(rules)} rules, {time.monotonic() - started:.0f} s", flush=True)
    from jiguan.core.db import dbstats
    dbstats.refresh()


def ours(user: object, text: str) -> int:
    from jiguan.core.htmx import CappedPaginator
    from jiguan.governance.library import queries

    found, _ = queries.rules_for(user, {"q": text})
    page = CappedPaginator(found.order_by("-issued_on", "title", "pk"), 50,
                           cap=queries.SEARCH_COUNT_CAP).get_page(1)
    rows = list(page)
    queries.hits_for(rows, text)
    return page.paginator.count


def baseline(user: object, text: str) -> int:
    from django.db.models import Q

    from jiguan.core.htmx import CappedPaginator
    from jiguan.governance.library.models import Rule, RuleArticle
    from jiguan.governance.library.queries import SEARCH_COUNT_CAP

    hits = RuleArticle.objects.filter(text__icontains=text).values("rule_id")
    found = Rule.objects.visible_to(user).filter(
        Q(title__icontains=text) | Q(number__icontains=text) | Q(issuer__icontains=text)
        | Q(pk__in=hits))
    page = CappedPaginator(found.order_by("-issued_on", "title", "pk"), 50,
                           cap=SEARCH_COUNT_CAP).get_page(1)
    rows = list(page)
    list(RuleArticle.objects.filter(rule__in=rows, text__icontains=text)[:150])
    return page.paginator.count


def measure(fn: object, user: object, text: str, n: int) -> tuple[list[float], list[float], int]:
    walls, cpus, count = [], [], 0
    fn(user, text)  # type: ignore[operator]  # warm-up
    for _ in range(n):
        w, c = time.perf_counter(), time.process_time()
        count = fn(user, text)  # type: ignore[operator]
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return walls, cpus, count


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 2 else xs[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rules", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{ROOT / 'var' / 'bench' / 'governance.sqlite3'}"
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    subprocess.run([PY, "manage.py", "load_regions"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from jiguan.access.models import Grant, Region, User
    from jiguan.access.roles import Role

    build(args.rules, args.articles, seed=1)
    user, _ = User.objects.get_or_create(username="bench_province",
                                         defaults={"full_name": "bench"})
    Grant.objects.get_or_create(user=user, role=Role.PROVINCE_ADMIN,
                                region=Region.objects.get(code="330000"))
    user = User.objects.get(pk=user.pk)
    print(f"database: {url.split('://')[0]}; {args.rules} rules x {args.articles} articles; "
          f"{args.requests} requests per query; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    lines = ["| query | matches | ours p50 | ours p95 | ours CPU p95 | baseline p95 | "
             "baseline CPU p95 | ratio p95 |", "|---|---|---|---|---|---|---|---|"]
    for name, text in QUERIES.items():
        w, c, count = measure(ours, user, text, args.requests)
        bw, bc, bcount = measure(baseline, user, text, max(3, args.requests // 4))
        assert count == bcount, (name, count, bcount)
        lines.append(f"| {name} ({text}) | {count} | {statistics.median(w):.0f} ms | "
                     f"{p95(w):.0f} ms | {p95(c):.0f} ms | {p95(bw):.0f} ms | {p95(bc):.0f} ms | "
                     f"{p95(w) / p95(bw):.2f} |")
        print(lines[-1], flush=True)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / f"rules-search-{url.split('://')[0]}.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
