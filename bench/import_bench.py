"""What the import benchmarks share (bench_room_import.py, bench_energy_import.py): the raw
floor, the import pipeline timed the way ``manage.py import_data`` runs it, each in a child
process, and the report. Import it after ``django.setup()``.

- Floor: python-calamine reads the file (``to_python``), then one ``executemany`` of the
  raw cell tuples into an index-free scratch table of the same database in one
  transaction (PostgreSQL: one ``COPY``). No validation, no lookups.
- Ours: ``create_job``, ``validate_job``, ``claim_job``, ``apply_job``.
- Each runs in a child process, so ``ru_maxrss`` is the peak of that step alone; the
  report gives the wall-clock ratio and the CPU-seconds ratio (steadier on a shared
  machine; SQLite runs in the process so its work counts, PostgreSQL's server does not).
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_cpu() -> float:
    """CPU seconds of this process's ended children: the workbook is parsed in a child
    process (jiguan/core/excel/sandbox.py), whose work counts towards ours."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def children_peak_mb() -> float:
    """The largest peak memory of this process's ended children (the parsing child)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure_floor(path: Path, width: int, table: str) -> dict[str, Any]:
    """calamine read + one executemany (SQLite) / one COPY (PostgreSQL) into ``table``
    (created here, ``width`` text columns; the caller drops it)."""
    from python_calamine import CalamineWorkbook

    names = ", ".join(f"c{i}" for i in range(width))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {table} ({', '.join(f'c{i} text' for i in range(width))})")
    t, cpu = time.perf_counter(), time.process_time()
    data = path.read_bytes()
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        cells = book.get_sheet_by_index(0).to_python()
    rows = [(*row, *[None] * (width - len(row))) for row in cells[1:]]
    read = time.perf_counter() - t
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor, cursor.cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            connection.ensure_connection()
            connection.connection.executemany(
                f"INSERT INTO {table} VALUES ({', '.join(['?'] * width)})", rows)
    total, cpu = time.perf_counter() - t, time.process_time() - cpu
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        written = cursor.fetchone()[0]
    return {"seconds": total, "read_seconds": read, "rows": written, "peak_mb": peak_mb(),
            "cpu_seconds": cpu}


def measure_table_floor(path: Path, model: Any,
                        prepare: Callable[[], tuple[dict[str, Any], Sequence[str],
                                                    Callable[[tuple[Any, ...]],
                                                             tuple[Any, ...]]]],
                        ) -> dict[str, Any]:
    """The floor into the product's own table: calamine reads the file; ``prepare()``
    (timed: the look-up dicts a loader needs, e.g. region code -> id) returns the values
    every row shares, the per-row column names and the mapping of a row's raw cells to
    them; core's ``insert_rows`` (the write ours uses: one ``COPY`` on PostgreSQL, a staged
    ``INSERT ... SELECT`` on SQLite) writes them into ``model``'s table with all its
    indexes, its search index filled as ours fills it (``deferred_index``: set-based at
    the end on SQLite, the GIN expression index as the ``COPY`` writes on PostgreSQL),
    its constraints and the commit's foreign-key checks. No validation, no plan, no
    audit, no job: "openpyxl + bulk_create without checks" of issue 9 with calamine and
    core's fastest write. The caller deletes the rows afterwards."""
    from python_calamine import CalamineWorkbook

    from jiguan.core.imports.upsert import insert_rows
    from jiguan.core.search import deferred_index

    t, cpu = time.perf_counter(), time.process_time()
    data = path.read_bytes()
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        cells = book.get_sheet_by_index(0).to_python()
    read = time.perf_counter() - t
    with transaction.atomic(), deferred_index():
        head, names, convert = prepare()
        written = insert_rows(model, head, names, map(convert, cells[1:]))
    total, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"seconds": total, "read_seconds": read, "rows": written, "peak_mb": peak_mb(),
            "cpu_seconds": cpu}


def measure_import(kind: str, path: Path, user: Any) -> dict[str, Any]:
    """The import pipeline of ``kind`` on the file, as ``user``; validate and apply timed."""
    from jiguan.core.imports.pipeline import apply_job, claim_job, create_job, validate_job
    from jiguan.core.models import ImportStatus

    data = path.read_bytes()
    settings.JIGUAN_IMPORT_MAX_BYTES = max(settings.JIGUAN_IMPORT_MAX_BYTES, len(data) + 1)
    if os.environ.get("BENCH_READ_IN_PROCESS"):
        # The reader as it was before issue 9: no checks, calamine in this process (for a
        # before/after of the checks and the parsing child in one session).
        from jiguan.core.excel import isolated, reader

        def in_process(data: bytes, head_rows: int) -> reader.SheetSource:
            return reader.SheetSource(reader._read_workbook(data), head_rows)

        isolated.open_workbook = in_process  # type: ignore[assignment]
    t, cpu = time.perf_counter(), time.process_time() + children_cpu()
    job = create_job(kind=kind, filename=path.name, data=data, user=user)
    del data
    job = validate_job(job.pk)
    validated = time.perf_counter() - t
    if job.status != ImportStatus.VALID:
        return {"error": f"validation: {job.status} {job.message} {job.errors[:5]}"}
    claim_job(job.pk)
    job = apply_job(job.pk, user.pk)
    total = time.perf_counter() - t
    cpu = time.process_time() + children_cpu() - cpu
    if job.status != ImportStatus.DONE:
        return {"error": f"apply: {job.status} {job.message} {job.errors[:5]}"}
    return {"seconds": total, "validate_seconds": validated, "apply_seconds": total - validated,
            "summary": job.summary, "peak_mb": peak_mb(), "cpu_seconds": cpu,
            "child_peak_mb": children_peak_mb()}


def child(script: str, phase: str, path: Path, extra: list[str]) -> dict[str, Any]:
    """Run ``script --phase PHASE --file PATH *extra`` in a fresh process; its last line of
    output is the measurement as JSON."""
    argv = [sys.executable, script, "--phase", phase, "--file", str(path), *extra]
    out = subprocess.run(argv, check=True, capture_output=True, text=True)
    if out.stderr.strip():
        print(out.stderr.strip(), file=sys.stderr)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def report_floor(floor: dict[str, Any], what: str = "floor") -> None:
    print(f"{what}: {floor['seconds']:.2f} s (calamine {floor['read_seconds']:.2f} s), "
          f"{floor['rows']} rows, peak {floor['peak_mb']:.0f} MB", flush=True)


def report(floor: dict[str, Any], ours: dict[str, Any], rows: int, detail: str = "",
           table: dict[str, Any] | None = None) -> None:
    """Ours, then the ratios (also against ``table``, the floor into the product's table
    with its indexes, when measured); exits with the error when the import failed."""
    if "error" in ours:
        sys.exit(ours["error"])
    print(f"ours:  {ours['seconds']:.2f} s (validate {ours['validate_seconds']:.2f} s + apply "
          f"{ours['apply_seconds']:.2f} s), {ours['summary']}, peak {ours['peak_mb']:.0f} MB"
          f" (parsing child {ours.get('child_peak_mb', 0):.0f} MB)", flush=True)
    print(f"rows={rows} floor={floor['seconds']:.2f}s ours={ours['seconds']:.2f}s "
          f"ratio={ours['seconds'] / floor['seconds']:.2f} peak={ours['peak_mb']:.0f}MB "
          f"{detail}load={os.getloadavg()[0]:.1f}")
    print(f"cpu: floor={floor['cpu_seconds']:.2f}s ours={ours['cpu_seconds']:.2f}s "
          f"ratio={ours['cpu_seconds'] / floor['cpu_seconds']:.2f}")
    if table is not None:
        print(f"table floor (same table, same indexes): wall={table['seconds']:.2f}s "
              f"ratio={ours['seconds'] / table['seconds']:.2f} cpu={table['cpu_seconds']:.2f}s "
              f"ratio={ours['cpu_seconds'] / table['cpu_seconds']:.2f}")
