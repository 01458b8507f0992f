from ninja import Router

router = Router(tags=["单位与人员"])
