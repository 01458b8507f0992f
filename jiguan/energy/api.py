"""/api/v1/energy/: the routers of the topic packages under one prefix."""

from ninja import Router

from jiguan.energy.indicators.api import router as indicators_router
from jiguan.energy.programs.api import router as programs_router
from jiguan.energy.quality.api import router as quality_router
from jiguan.energy.readings.api import router as readings_router
from jiguan.energy.targets.api import router as targets_router

router = Router(tags=["公共机构节能"])
router.add_router("", readings_router)
router.add_router("", indicators_router)
router.add_router("", targets_router)
router.add_router("", quality_router)
router.add_router("", programs_router)
