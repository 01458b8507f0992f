"""/api/v1/space/: mounts each topic's router (config/api.py mounts this one)."""

from ninja import Router

from jiguan.space.allocation.api import router as allocation_router
from jiguan.space.compliance.api import router as compliance_router
from jiguan.space.inventory.api import router as inventory_router
from jiguan.space.leases.api import router as leases_router
from jiguan.space.optimiser.api import router as optimiser_router
from jiguan.space.projects.api import router as projects_router
from jiguan.space.register.api import router as register_router
from jiguan.space.repairs.api import router as repairs_router
from jiguan.space.returns.api import router as returns_router
from jiguan.space.standards.api import router as standards_router
from jiguan.space.transfers.api import router as transfers_router

router = Router()
router.add_router("", register_router)
router.add_router("", standards_router)
router.add_router("/compliance", compliance_router)
router.add_router("/inventory", inventory_router)
router.add_router("/projects", projects_router)
router.add_router("/transfers", transfers_router)
router.add_router("/leases", leases_router)
router.add_router("/repairs", repairs_router)
router.add_router("/allocation", allocation_router)
router.add_router("/returns", returns_router)
router.add_router("/optimiser", optimiser_router)
