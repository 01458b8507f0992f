"""The yearly inventory (清查盘点, 第六条) and the yearly report (第七条): a topic
package of the office-space app.

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

Where things are: models.py (campaign, an agency's row, the frozen snapshot), rules.py
(constants, tolerance), queries.py (register rows, board, differences, reconciliation),
actions.py (open, add, upload, confirm, return, apply, close), excel.py (the workbooks),
forms.py, views.py, api.py, urls.py (namespace "space_inventory").
"""
