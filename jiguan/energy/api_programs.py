from ninja import Router

router = Router(tags=["公共机构节能"])
