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
        [sys.executable, "-c", "import gc; import config.wsgi; print(gc.get_freeze_count()); "
         "print(type(config.wsgi.application).__name__)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120)
    frozen, app = done.stdout.strip().splitlines()[-2:]
    assert int(frozen) > 10_000
    # ...and the served application freezes again after the first requests.
    assert app == "RefreezeAfterWarmup"


def test_the_worker_freezes_again_before_its_2nd_and_10th_request_and_then_never() -> None:
    import gc

    from jiguan.core.deploy.gcfreeze import REFREEZE_BEFORE, RefreezeAfterWarmup

    assert REFREEZE_BEFORE[:2] == (2, 10)
    loaded: list[list[list[int]]] = []

    def page(environ: dict, start_response: object) -> list[bytes]:
        # What a request loads and keeps (a compiled template, a URL cache): tracked objects.
        loaded.append([[n] for n in range(2_000)])
        return [b"ok"]

    app = RefreezeAfterWarmup(page, before=(2, 4))
    counts = []
    try:
        for _ in range(6):
            assert app({}, None) == [b"ok"]
            counts.append(gc.get_freeze_count())
        # Before the 2nd and the 4th request what the earlier ones loaded was frozen.
        assert counts[1] - counts[0] >= 2_000
        assert counts[3] - counts[2] >= 2 * 2_000
        assert counts[2] == counts[1] and counts[5] == counts[4] == counts[3]
    finally:
        gc.unfreeze()


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
