"""Signals other modules listen to, so orgs need not know them.

`org_changed` is sent inside the write's transaction whenever a fact that other modules
derive rules from changes: a person's rank or status, an agency's level or status, a
concurrent post. Office space recomputes its findings from it (jiguan/space/apps.py)."""

from django.dispatch import Signal

org_changed = Signal()  # kwargs: region_path: str, actor
