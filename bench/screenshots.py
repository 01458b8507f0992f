"""Screenshots for the user guide (docs/screenshots/*.png): the demo data as `make run`
seeds it, in a throwaway SQLite database, served by granian and photographed by
Playwright with Debian's chromium.

    .venv/bin/python bench/screenshots.py [--keep DIR] [--port 8765]

Saves dashboard.png (the landing page of the province administrator), rollup.png (the
office-space compliance roll-up), agencies.png (the agency list) and inbox-phone.png
(the to-do inbox at 390 px, as cards). Takes a few minutes: most of it is the seeding.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PY = str(ROOT / ".venv" / "bin" / "python")
GRANIAN = str(ROOT / ".venv" / "bin" / "granian")
SEED = [["migrate", "--noinput"], ["load_regions"], ["demo", "--scale", "small", "--seed", "1"],
        ["space_demo", "--seed", "1"], ["energy_demo", "--seed", "1"],
        ["collectstatic", "--noinput", "--verbosity", "0"]]
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run"]


def _login(page: Page, base: str, username: str) -> None:
    from jiguan.core.deploy.demo_password import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _shoot(page: Page, base: str, path: str, name: str) -> None:
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / name), full_page=False)
    print(f"{name}: {page.url}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", help="a folder for the database, kept afterwards")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jiguan-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SQLITE_PATH": str(folder / "demo.sqlite3"),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    os.environ.update(env)
    base = f"http://127.0.0.1:{args.port}"
    for command in SEED:
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    server = subprocess.Popen([GRANIAN, "--interface", "wsgi", "config.wsgi:application",
                               "--workers", "1", "--host", "127.0.0.1", "--port",
                               str(args.port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            desk = browser.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN")
            _login(desk, base, "demo_admin")
            _shoot(desk, base, "/", "dashboard.png")
            _shoot(desk, base, "/space/compliance/", "rollup.png")
            _shoot(desk, base, "/orgs/agencies/", "agencies.png")
            phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                     device_scale_factor=1, is_mobile=True, has_touch=True)
            _login(phone, base, "demo_hangzhou")
            _shoot(phone, base, "/todo/", "inbox-phone.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
