"""Helpers of the contract tests: a valid contract's data and a passed review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jiguan.conftest import Cast, make_credit_code
from jiguan.governance.contracts import actions
from jiguan.governance.contracts.models import Contract
from jiguan.governance.reviews import actions as reviews

TODAY = dt.date(2026, 12, 7)
CODE = make_credit_code("330100", 99, category="91")


def contract_data(agency: Any, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": agency, "title": "办公楼维修改造工程施工合同", "number": "HT-2026-01",
        "counterparty": "浙江测试建设有限公司", "counterparty_code": CODE,
        "kind": "construction", "amount": Decimal("5000000"),
        "starts_on": dt.date(2026, 9, 1), "ends_on": dt.date(2027, 8, 31)}
    data.update(over)
    return data


def new_contract(cast: Cast, agency: Any = None, **over: Any) -> Contract:
    return actions.contract_create(data=contract_data(agency or cast.xihu_agency, **over),
                                   actor=cast.province_admin)


def pass_review(cast: Cast, contract: Contract, on: dt.date, verdict: str = "lawful") -> Any:
    review = actions.contract_submit_review(contract=contract, materials=[("合同文本", None)],
                                            actor=cast.xihu, today=on)
    reviews.opinion_add(review=review, item="合同主体是否适格", verdict=verdict,
                        reasoning="" if verdict == "lawful" else "理由", actor=cast.province_admin)
    return reviews.review_conclude(review=review, summary="", actor=cast.province_admin,
                                   today=on)


def signed(cast: Cast, signed_on: dt.date = dt.date(2026, 9, 1), **over: Any) -> Contract:
    """A contract below every threshold (no review), signed."""
    contract = new_contract(cast, **{"kind": "procurement", "amount": Decimal("500000"),
                                     **over})
    return actions.contract_sign(contract=contract, signed_on=signed_on,
                                 actor=cast.province_admin, today=TODAY)
