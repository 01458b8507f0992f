"""Spreadsheet imports, written once for every app: the pipeline (pipeline.py: importers,
checking, jobs, the one transaction), the mapping step and saved column mappings
(mapping.py, forms.py), the reuse of a check at confirmation (reuse.py), the bulk upsert
every create-or-update importer shares (upsert.py), and the upload pages (views.py, urls.py).
"""
