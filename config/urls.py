from django.urls import include, path

from config.api import api_urls

urlpatterns = [
    path("", include("jiguan.core.urls")),
    path("accounts/2fa/", include("jiguan.access.twofactor.urls")),
    path("accounts/", include("jiguan.access.urls")),
    path("orgs/", include("jiguan.orgs.urls")),
    path("space/inventory/", include("jiguan.space.inventory.urls")),
    path("space/projects/", include("jiguan.space.projects.urls")),
    path("space/transfers/", include("jiguan.space.transfers.urls")),
    path("space/leases/", include("jiguan.space.leases.urls")),
    path("space/repairs/", include("jiguan.space.repairs.urls")),
    path("space/allocation/", include("jiguan.space.allocation.urls")),
    path("space/returns/", include("jiguan.space.returns.urls")),
    path("space/optimiser/", include("jiguan.space.optimiser.urls")),
    path("space/", include("jiguan.space.urls")),
    path("space/compliance/", include("jiguan.space.compliance.urls")),
    path("energy/", include("jiguan.energy.urls")),
    path("travel/", include("jiguan.travel.urls")),
    path("governance/", include("jiguan.governance.urls")),
    path("services/", include("jiguan.services.urls")),
    path("assets/", include("jiguan.assets.urls")),
    path("internalaudit/", include("jiguan.internalaudit.urls")),
    path("assessment/", include("jiguan.assessment.urls")),
    path("guidance/", include("jiguan.guidance.urls")),
    path("overview/", include("jiguan.overview.urls")),
    path("audit/", include("jiguan.audit.urls")),
    path("todo/", include("jiguan.todo.urls")),
    path("imports/", include("jiguan.core.imports.urls")),
    path("api/v1/", api_urls()),
]

handler400 = "jiguan.core.web.errors.bad_request"
handler403 = "jiguan.core.web.errors.permission_denied"
handler404 = "jiguan.core.web.errors.page_not_found"
handler500 = "jiguan.core.web.errors.server_error"
