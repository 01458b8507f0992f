"""The models of the office-space app, for Django's model registry (app label "space").

Each model lives in its topic package (register, compliance, inventory) and is imported from
there by the code that uses it; this module only makes them known to Django. It is the one
module allowed to re-export names (docs/architecture.md)."""

from jiguan.space.allocation.models import AllocationCase, AllocationRoom
from jiguan.space.compliance.models import ComplianceTally, Finding
from jiguan.space.inventory.models import Campaign, CampaignAgency, SnapshotRoom
from jiguan.space.leases.models import Lease
from jiguan.space.optimiser.models import Plan, PlanMove, RoomPin
from jiguan.space.projects.models import Project, ProjectDocument, ProjectFunding, ProjectRoom
from jiguan.space.register.models import Building, Floor, Occupancy, Occupant, Room
from jiguan.space.repairs.models import Repair
from jiguan.space.returns.models import ReturnCase, ReturnRoom
from jiguan.space.transfers.models import TransferBatch, TransferItem

__all__ = ["AllocationCase", "AllocationRoom", "Building", "Campaign", "CampaignAgency",
           "ComplianceTally", "Finding", "Floor", "Lease", "Occupancy", "Occupant", "Plan",
           "PlanMove", "Project", "ProjectDocument", "ProjectFunding", "ProjectRoom", "Repair",
           "ReturnCase", "ReturnRoom", "Room", "RoomPin", "SnapshotRoom", "TransferBatch",
           "TransferItem"]
