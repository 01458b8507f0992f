"""A server worker freezes its start-up objects (jiguan.core.deploy.gcfreeze): the list
pages' p95 was a full garbage-collection pass over them inside a request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_loading_the_wsgi_application_freezes_the_startup_objects(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
           "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", "import gc; import config.wsgi; print(gc.get_freeze_count())"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120)
    assert int(done.stdout.strip().splitlines()[-1]) > 10_000


def test_freeze_moves_the_live_objects_out_of_the_collected_generations() -> None:
    import gc

    from jiguan.core.deploy.gcfreeze import freeze_startup_objects

    try:
        frozen = freeze_startup_objects()
        assert frozen == gc.get_freeze_count() > 0
        # A full pass walks generation 2: what was live at the freeze is no longer in it.
        assert len(gc.get_objects(generation=2)) < frozen / 10
    finally:
        gc.unfreeze()
