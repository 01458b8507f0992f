"""Legality review (合法性审查), shared by major decisions and major contracts.

A `Review` names its subject by ``(subject_kind, subject_id)`` (SubjectKind.DECISION /
CONTRACT) plus the subject's region and agency, so the tool imports no subject module; a
subject may be reviewed several times (round 1, 2 … after 审查未通过). Use it from a
subject module (which checks its own permission and scope first)::

    from jiguan.governance.reviews import actions as reviews
    from jiguan.governance.reviews.forms import SubmitForm   # materials: titles + files
    from jiguan.governance.reviews.models import SubjectKind

    reviews.review_submit(kind=SubjectKind.CONTRACT, subject=contract, title=..., url=...,
                          region=..., agency=..., materials=form.materials(), note="",
                          actor=user)
    reviews.has_passed(SubjectKind.CONTRACT, contract.pk)   # gate a later step on it
    reviews.latest(SubjectKind.CONTRACT, contract.pk)       # Review | None, for the page

The reviewer (Perm.REVIEW_LEGALITY, role 法规审查员) works on governance:review_detail:
item-by-item opinions (合法 / 不合法 / 修改后合法, citing library rules), then the
conclusion (passed unless an item is 不合法). The period is JIGUAN_GOVERNANCE_REVIEW_DAYS
working days (chinese-calendar); the reviewer's to-do is due on its last day; overdue
reviews are flagged (queries.is_overdue / overdue_q). API: /api/v1/governance/reviews."""
