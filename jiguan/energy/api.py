"""/api/v1/energy/: the routers of the module's parts under one prefix."""

from ninja import Router

from jiguan.energy.api_input import router as input_router
from jiguan.energy.api_manage import router as manage_router
from jiguan.energy.api_programs import router as programs_router
from jiguan.energy.api_reports import router as reports_router

router = Router(tags=["公共机构节能"])
router.add_router("", input_router)
router.add_router("", reports_router)
router.add_router("", manage_router)
router.add_router("", programs_router)
