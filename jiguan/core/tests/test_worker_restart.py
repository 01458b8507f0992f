"""The server survives any worker's death (issue 9 section 2): granian, started as
``make serve`` (and ``make run``) starts it, restarts a worker that dies and goes on
serving; without --respawn-failed-workers it shut down whole when calamine aborted one."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WAIT = 30.0  # seconds for the server to start or a worker to come back, at most


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        found.setdefault(parent, []).append(int(entry.name))
    return found


def _workers(root: int) -> set[int]:
    """granian's worker processes under ``root``: the leaves of its process tree."""
    children = _children()
    leaves, stack = set(), [root]
    while stack:
        pid = stack.pop()
        below = children.get(pid, [])
        if pid != root and not below:
            leaves.add(pid)
        stack.extend(below)
    return leaves


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as response:
        status: int = response.status
        return status


def _until(check: object, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting: {what}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    env = {**os.environ, "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    proc = subprocess.Popen(
        ["make", "-s", "serve", "HOST=127.0.0.1", f"PORT={port}"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        _until(lambda: _get(url) == 200 and len(_workers(proc.pid)) == 2, "granian started")
        yield proc, url
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # a throwaway server: no graceful stop to wait for
        proc.wait()


def test_the_server_serves_the_next_request_after_a_worker_is_killed(
        server: tuple[subprocess.Popen[bytes], str]) -> None:
    proc, url = server
    first, second = sorted(_workers(proc.pid))
    # SIGABRT: what the Rust runtime sends itself when an allocation fails.
    os.kill(first, signal.SIGABRT)
    _until(lambda: not _alive(first), "the worker died")
    # A connection the dying worker had accepted may be reset: the next one is served.
    _until(lambda: _get(url) == 200, "a request served by the other worker")
    # Respawned: two workers again, the dead one replaced, the server never restarted.
    _until(lambda: len(_workers(proc.pid)) == 2 and first not in _workers(proc.pid),
           "the worker was restarted")
    main = set(_children()[proc.pid])
    os.kill(second, signal.SIGKILL)
    _until(lambda: not _alive(second), "the other worker died")
    # The restarted worker may still be loading Django: served as soon as it is up.
    _until(lambda: _get(url) == 200, "the next request served")
    assert proc.poll() is None
    assert set(_children()[proc.pid]) == main  # the same server process all along
