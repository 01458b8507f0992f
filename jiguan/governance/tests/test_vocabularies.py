"""The province's kind and subject lists of the rules library ("a list the province edits")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.governance.library import actions
from jiguan.governance.library.models import RuleKind, RuleSubject
from jiguan.governance.tests.fixtures import Library


def test_the_province_adds_and_renames_a_subject_and_every_rule_follows(
        library: Library) -> None:
    c = library.cast.client("province_admin")
    r = c.post(reverse("governance:vocabulary_add", args=["subjects"]),
               {"name": "公共机构节水", "order": "30"})
    assert r.status_code == 302
    added = RuleSubject.objects.get(name="公共机构节水")
    assert added.order == 30
    subject = library.xihu_rule.subject
    r = c.post(reverse("governance:vocabulary_edit", args=["subjects", subject.pk]),
               {"name": "会议管理", "order": str(subject.order)})
    assert r.status_code == 302
    library.xihu_rule.refresh_from_db()
    assert library.xihu_rule.subject.name == "会议管理"  # the rule keeps its entry, renamed
    event = AuditEvent.objects.filter(event_type="governance.vocabulary.saved").latest("pk")
    assert event.changes["name"] == [subject.name, "会议管理"]
    page = c.get(reverse("governance:vocabularies")).content.decode()
    assert "公共机构节水" in page and "会议管理" in page and 'data-testid="subject-add"' in page


def test_a_kind_keeps_its_validity_flag(library: Library) -> None:
    c = library.cast.client("province_admin")
    r = c.post(reverse("governance:vocabulary_add", args=["kinds"]),
               {"name": "机关事务地方标准", "order": "9", "has_validity": "on"})
    assert r.status_code == 302
    assert RuleKind.objects.get(name="机关事务地方标准").has_validity is True


def test_a_city_bureau_reads_the_lists_but_does_not_edit_them(library: Library) -> None:
    c = library.cast.client("hangzhou")
    page = c.get(reverse("governance:vocabularies")).content.decode()
    assert 'data-testid="subject-add"' not in page
    before = RuleSubject.objects.count()
    r = c.post(reverse("governance:vocabulary_add", args=["subjects"]), {"name": "杭州主题"})
    assert r.status_code == 403 and RuleSubject.objects.count() == before


@pytest.mark.parametrize(("name", "text"), [("", "请填写制度主题名称"),
                                            ("会议", "已有同名的制度主题“会议”")])
def test_an_empty_or_duplicate_name_is_refused_with_the_field_named(
        library: Library, name: str, text: str) -> None:
    before = RuleSubject.objects.count()
    with pytest.raises(ValidationError) as err:
        actions.vocabulary_save(item=RuleSubject(), data={"name": name},
                                actor=library.cast.province_admin)
    assert err.value.message_dict["name"] == [text]
    c = library.cast.client("province_admin")
    r = c.post(reverse("governance:vocabulary_add", args=["subjects"]), {"name": name or " "})
    assert r.status_code == 422 and RuleSubject.objects.count() == before


def test_an_unknown_list_or_entry_is_404(library: Library) -> None:
    c = library.cast.client("province_admin")
    assert c.get(reverse("governance:vocabulary_add", args=["colours"])).status_code == 404
    assert c.get(reverse("governance:vocabulary_edit",
                         args=["kinds", 999_999])).status_code == 404
