"""The yearly inventory (清查盘点, 第六条) and the yearly report (第七条): logic and actions.

Flow. A bureau opens a campaign (year, a region in its scope, a deadline). Every ACTIVE
agency of that region's subtree with at least one current room allocation takes part (an
agency using no room has nothing to declare): it gets a CampaignAgency row and a to-do. The
agency downloads its pre-filled workbook, corrects it and uploads it; the upload is its
declaration. The bureau compares the declaration with the register, then confirms it or
sends it back with a reason (the agency gets a new to-do). Confirming records the
declaration as confirmed; it does NOT rewrite the register: the differences stay listed
(账实相符 on the reconciliation report) until the bureau fixes the register through the
ordinary register pages. Closing the campaign (every agency confirmed, or forced with a
reason) freezes the register into SnapshotRoom rows, from which the yearly report is built.

Area tolerance. ``settings.JIGUAN_INVENTORY_AREA_TOLERANCE`` is either an absolute value in
m² ("0.5") or a percentage of the registered area ("2%"). The default is 0.5 m² absolute:
a room's usable area is measured, not estimated, and a relative tolerance would hide whole
square metres in large rooms. Differences strictly beyond the tolerance are reported. The
same tolerance compares a building's certificate area with its registered area (账证相符).

Every write runs in one transaction with its audit row; an upload with any bad row writes
nothing.

This module is the facade: importing it registers the audit labels (jiguan.space.apps), and
it re-exports the names used elsewhere. The code lives beside it: inventory_common
(constants, tolerance, the register as rows, participants), inventory_campaigns (open, the
progress board, close and the snapshot), inventory_declarations (reading, differences,
submit / confirm / return) and inventory_reconcile (账账 / 账实 / 账证相符).
"""

from __future__ import annotations

from jiguan.audit.events import register as register_events
from jiguan.space.inventory_apply import ApplyResult, declaration_apply
from jiguan.space.inventory_campaigns import (
    BoardRow,
    board,
    campaign_add_agency,
    campaign_close,
    campaign_open,
    snapshot_rows,
)
from jiguan.space.inventory_common import (
    CENT,
    DEFAULT_TOLERANCE,
    MAX_DECLARATION_ROWS,
    TASK_KIND,
    Tolerance,
    agency_url,
    area_tolerance,
    participants,
    register_rows,
    workbook_title,
)
from jiguan.space.inventory_declarations import (
    DIFF_LABELS,
    DeclarationError,
    declaration_confirm,
    declaration_return,
    declaration_submit,
    declaration_upload,
    differences,
    parse_declaration,
)
from jiguan.space.inventory_reconcile import (
    ACCOUNT_BOOKS,
    ACCOUNT_CERTIFICATE,
    ACCOUNT_REALITY,
    Mismatch,
    reconcile,
    reconcile_books,
    reconcile_certificates,
    reconcile_reality,
)

__all__ = [
    "ACCOUNT_BOOKS",
    "ACCOUNT_CERTIFICATE",
    "ACCOUNT_REALITY",
    "CENT",
    "DEFAULT_TOLERANCE",
    "DIFF_LABELS",
    "MAX_DECLARATION_ROWS",
    "TASK_KIND",
    "ApplyResult",
    "BoardRow",
    "DeclarationError",
    "Mismatch",
    "Tolerance",
    "agency_url",
    "area_tolerance",
    "board",
    "campaign_add_agency",
    "campaign_close",
    "campaign_open",
    "declaration_apply",
    "declaration_confirm",
    "declaration_return",
    "declaration_submit",
    "declaration_upload",
    "differences",
    "parse_declaration",
    "participants",
    "reconcile",
    "reconcile_books",
    "reconcile_certificates",
    "reconcile_reality",
    "register_rows",
    "snapshot_rows",
    "workbook_title",
]

register_events({
    "space.inventory.opened": "发起办公用房清查",
    "space.inventory.submitted": "上传清查填报",
    "space.inventory.confirmed": "确认清查填报",
    "space.inventory.returned": "退回清查填报",
    "space.inventory.applied": "按清查填报更新台账",
    "space.inventory.agency_added": "清查增加单位",
    "space.inventory.closed": "关闭清查并冻结年度快照",
})
