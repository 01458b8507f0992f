"""Benchmark: what the hostile-file defences cost a large import (issue 9 section 2).

Reads one workbook's rows three ways, interleaved (so a busy machine slows all alike):

- ``in-process``: calamine in this process, rows streamed as the reader did before the
  sandbox (``reader.SheetSource(reader._read_workbook(data))``): the old path;
- ``checks``: the pre-read checks alone (``guard.check_workbook``: every zip part inflated
  as a capped stream, scanned for entities, the sheet's range and far cell references);
- ``sandboxed``: the reader's path now (``reader.open_rows``): the checks, then calamine in a
  rlimited child (every sheet's head sent back, then the first sheet's rows, pickled in
  blocks of 2,000).

CPU seconds include the child's (RUSAGE_CHILDREN). The workbook is the rooms benchmark's
(bench_room_import.py writes it to var/bench/rooms-N-20000-1.xlsx):

    .venv/bin/python bench/bench_sandbox.py var/bench/rooms-200000-20000-1.xlsx --repeat 3
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jiguan.core.excel import reader
from jiguan.core.excel.guard import Limits, check_workbook


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _in_process(data: bytes) -> int:
    rows, _height = reader.SheetSource(reader._read_workbook(data)).rows()
    return sum(1 for _row in rows)


def _checks(data: bytes) -> int:
    check_workbook(data, Limits())
    return 0


def _sandboxed(data: bytes) -> int:
    _name, rows, _height = reader.open_rows(data, "rooms.xlsx", max_bytes=len(data) + 1)
    return sum(1 for _row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = args.file.read_bytes()
    ways: list[tuple[str, Callable[[bytes], int]]] = [
        ("in-process", _in_process), ("checks", _checks), ("sandboxed", _sandboxed)]
    best: dict[str, tuple[float, float]] = {}
    for _round in range(args.repeat):
        for name, way in ways:
            wall, cpu = time.perf_counter(), _cpu()
            rows = way(data)
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
            print(f"{name:10s} rows={rows} wall={wall:.2f}s cpu={cpu:.2f}s", flush=True)
            old = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(old[0], wall), min(old[1], cpu))
    base_wall, base_cpu = best["in-process"]
    for name, (wall, cpu) in best.items():
        print(f"best {name:10s} wall={wall:.2f}s ({wall / base_wall:.2f}x) "
              f"cpu={cpu:.2f}s ({cpu / base_cpu:.2f}x)")
    print(f"load={os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
