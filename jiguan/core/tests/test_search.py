"""Indexed substring search (jiguan.core.search): exact answers on both databases, kept
current by every write path, fields the same in the model and its migration."""

from __future__ import annotations

import random

from django.db.migrations.loader import MigrationLoader

from jiguan.conftest import Cast, make_credit_code
from jiguan.core.search import (
    AddSearchIndex,
    _tokenizable,
    candidate_ids,
    grams,
    query_grams,
    search,
    sqlite_grams,
)
from jiguan.orgs.models import Agency, Person


def test_grams_are_characters_and_pairs_per_word() -> None:
    assert grams("张伟明", "Ab c") == ["张", "张伟", "伟", "伟明", "明", "a", "ab", "b", "c"]
    assert query_grams("张伟明") == ["张伟", "伟明"]
    assert query_grams("张") == ["张"]
    assert query_grams("  ") == []


def test_sqlite_document_is_the_tokenizable_grams_in_order() -> None:
    """The fast ``sqlite_grams`` (the SQLite triggers' function) writes exactly the grams
    that ``grams`` lists, minus those FTS5 cannot tokenize, in the same order."""
    rng = random.Random(9)
    alphabet = "张伟明基准单位（）()【】 \t\n-·,.AbZz0９１ｘ\u3000_"
    texts = [None, "", " ", "（）", "张", "张伟 张伟", "杭州市（西湖区）机关事务管理局", "Ab c"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(0, 14))) for _ in range(3000)]
    for first, second in zip(texts, [*texts[1:], None], strict=True):
        expected = " ".join(g for g in grams(first, second) if _tokenizable(g))
        assert sqlite_grams(first, second) == expected, (first, second)
        assert sqlite_grams(first) == " ".join(g for g in grams(first) if _tokenizable(g))


def _people(cast: Cast, *names: str) -> list[Person]:
    agency = cast.xihu_agency
    return Person.objects.bulk_create(Person(name=n, agency=agency, rank="科员") for n in names)


def _names(text: str) -> list[str]:
    return sorted(p.name for p in search(Person.objects.all(), text))


def test_search_answers_exactly_like_icontains(cast: Cast) -> None:
    _people(cast, "张伟", "李张伟", "张伟明", "张小伟", "伟张", "王芳", "Zhang Wei")
    for text in ("张伟", "张", "伟明", "李张伟", "张小", "zhang", "WEI", "张伟明x", "（"):
        expected = sorted(Person.objects.filter(name__icontains=text)
                          .values_list("name", flat=True))
        assert _names(text) == expected, text
    assert _names("张伟") == sorted(["李张伟", "张伟", "张伟明"])


def test_the_index_narrows_and_follows_updates_and_deletes(cast: Cast) -> None:
    first, second = _people(cast, "欧阳修远", "司马光明")
    assert candidate_ids(Person, "阳修") is not None
    Person.objects.filter(pk=first.pk).update(name="诸葛亮")      # no save(), no signal
    assert _names("阳修") == []
    assert _names("葛亮") == ["诸葛亮"]
    Person.objects.filter(pk=second.pk).update(post="办公室主任")
    assert [p.pk for p in search(Person.objects.all(), "室主")] == [second.pk]
    second.concurrent_posts.all().delete()
    Person.objects.filter(pk=second.pk).delete()
    assert list(search(Person.objects.all(), "室主")) == []


def test_agencies_by_name_part_or_credit_code(cast: Cast) -> None:
    code = make_credit_code("330106", 901)
    Agency.objects.create(name="西湖区搜索测试局", region=cast.xihu_agency.region,
                          level="county", credit_code=code)
    assert [a.name for a in Agency.objects.search("搜索测")] == ["西湖区搜索测试局"]
    assert [a.name for a in Agency.objects.search(code.lower())] == ["西湖区搜索测试局"]


def test_people_are_found_by_their_agency_name(cast: Cast) -> None:
    (person,) = _people(cast, "赵六")
    part = cast.xihu_agency.name[-4:]
    assert person in Person.objects.search(part)


def test_search_fields_match_the_migrations() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    declared: dict[tuple[str, str], tuple[str, ...]] = {}
    for (app_label, _name), migration in sorted(loader.disk_migrations.items()):
        for op in migration.operations:
            if isinstance(op, AddSearchIndex):
                declared[(app_label, op.model_name)] = op.fields
    assert declared, "no AddSearchIndex found"
    from django.apps import apps
    for (app_label, model_name), fields in declared.items():
        assert apps.get_model(app_label, model_name).search_fields == fields
