"""Running a workbook reader in a child process that may die (issue 9).

calamine (Rust) answers a hostile grid by allocating hundreds of GiB, and an allocation it
cannot get aborts the whole process: in a web worker that took granian down with it. So a
reader function runs here in a fresh child process (``subprocess``: exec'd, not a fork of a
multi-threaded server) that first limits its own address space (``RLIMIT_AS``) and CPU time
(``RLIMIT_CPU``); the parent also stops waiting after the time limit. A child that dies,
runs out of memory or of time is reported as a refusal of the file (SpreadsheetError, in
Chinese), and the server goes on.

Generic at the workbook-reading level: any module-level function ``fn(data, **kwargs)`` of
the reader can run here, through

- :func:`call`: the function's (picklable) result, for a result of bounded size;
- :func:`stream`: for a function returning ``(head, rows)``: ``head`` at once, then the
  rows streamed back in blocks of :data:`BLOCK_ROWS` (the parent never holds them all; the
  child blocks on the pipe while the parent checks a block);
- :func:`session`: for a function returning ``(head, open)``: ``head`` at once; the child
  keeps what it parsed until the parent chooses, then streams ``open(choice)`` (the
  reader's every-sheet heads, then the chosen sheet: isolated.py).

Wire format: frames of a one-byte kind, a 4-byte length and a pickle (protocol 5: the
fastest way across for lists of str/float/datetime cells, measured in bench/README.md). The
parent unpickles with an allow-list of classes (datetime types and the reader's own), so a
child that a file somehow took over still cannot make the parent run code.

The child's peak memory (``ru_maxrss`` from ``wait4``) and the limits it set are kept in
:data:`last_report` of the thread that ran it, for the tests and the logs.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import logging
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from itertools import islice
from typing import Any, BinaryIO

from .errors import MSG_NOT_SPREADSHEET, SpreadsheetError
from .guard import Limits

logger = logging.getLogger(__name__)

#: Rows per frame sent back: about 100 KB for a ten-column sheet.
BLOCK_ROWS = 2000
_FRAME = struct.Struct("<cI")
_MIB = 1024 * 1024

MSG_MEMORY = ("文件内容展开后超过解析内存上限（{limit} MB），可能含有过多的单元格或过长、"
              "大量重复的文本，已拒绝导入")
MSG_TIMEOUT = "文件解析超过时间上限（{limit} 秒），已拒绝导入，请拆分后再导入"
MSG_CRASH = "文件解析进程异常退出，文件可能已损坏或被恶意构造，已拒绝导入"

_ALLOWED_MODULES = ("jiguan.core.excel.",)
_ALLOWED_CLASSES = {
    ("datetime", "date"): datetime.date,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
}


@dataclass
class ChildReport:
    """What is known of one child once it has ended."""

    pid: int
    address_limit: int  # RLIMIT_AS the child set on itself (bytes; 0: not reported)
    cpu_limit: int  # RLIMIT_CPU (seconds)
    peak_rss: int  # ru_maxrss of the child (bytes)
    cpu_seconds: float
    status: int  # the wait status
    refused: str = ""  # the message it was refused with, if any


_local = threading.local()


def last_report() -> ChildReport | None:
    """The report of the last child this thread ran (None before the first)."""
    report: ChildReport | None = getattr(_local, "report", None)
    return report


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED_CLASSES.get((module, name))
        if found is not None:
            return found
        if module.startswith(_ALLOWED_MODULES):
            value = getattr(import_module(module), name, None)
            if isinstance(value, type):
                return value
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed from the parsing child")


def _loads(payload: bytes) -> Any:
    return _Unpickler(io.BytesIO(payload)).load()


def call(fn: Callable[..., Any], data: bytes, limits: Limits, **kwargs: Any) -> Any:
    """``fn(data, **kwargs)`` in a child; its result. Refusals raise SpreadsheetError."""
    child = _Child(fn, data, limits, kwargs, mode="call")
    try:
        kind, value = child.next_frame()
        if kind != b"V":
            raise child.failure()
        child.finish()
        return value
    finally:
        child.close()


def stream(fn: Callable[..., tuple[Any, Iterator[list[object]]]], data: bytes,
           limits: Limits, **kwargs: Any) -> tuple[Any, Iterator[list[object]]]:
    """``head, rows = fn(data, **kwargs)`` in a child: ``head`` now, the rows as they come.
    A refusal before the head raises SpreadsheetError here; one later, from the iterator."""
    child = _Child(fn, data, limits, kwargs, mode="stream")
    try:
        kind, head = child.next_frame()
        if kind != b"H":
            raise child.failure()
    except BaseException:
        child.close()
        raise
    return head, _Rows(child)


def session(fn: Callable[..., tuple[Any, Callable[[Any], Iterator[list[object]]]]],
            data: bytes, limits: Limits, **kwargs: Any) -> tuple[Any, Session]:
    """``head, open = fn(data, **kwargs)`` in a child: ``head`` now; the child then waits,
    holding what it parsed, until :meth:`Session.rows` says which rows to stream back
    (``open(choice)``; e.g. a workbook's sheet heads, then the sheet the user chose)."""
    child = _Child(fn, data, limits, kwargs, mode="session")
    try:
        kind, head = child.next_frame()
        if kind != b"H":
            raise child.failure()
    except BaseException:
        child.close()
        raise
    return head, Session(child)


class Session:
    """A child that sent its head and waits for a choice; dropping it ends the child."""

    def __init__(self, child: _Child) -> None:
        self._child = child
        self._streaming = False

    def rows(self, choice: Any) -> Iterator[list[object]]:
        """The rows of ``choice`` (JSON-able), streamed; once per session. From here on
        the rows own the child: it ends when they are read or dropped."""
        self._child.choose(choice)
        self._streaming = True
        return _Rows(self._child)

    def close(self) -> None:
        self._child.close()

    def __del__(self) -> None:
        if not self._streaming:
            self._child.close()


class _Rows(Iterator[list[object]]):
    """The streamed rows; closing it (or dropping it unread) ends the child."""

    def __init__(self, child: _Child) -> None:
        self._child = child
        self._block: Iterator[list[object]] = iter(())

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> list[object]:
        for row in self._block:
            return row
        child = self._child
        if child.done:
            raise StopIteration
        try:
            kind, value = child.next_frame()
            if kind == b"R":
                self._block = iter(value)
                return next(self._block)
            if kind == b"D":
                child.finish()
                raise StopIteration
            raise child.failure()
        except BaseException:
            child.close()
            raise

    def close(self) -> None:
        self._child.close()

    def __del__(self) -> None:
        self._child.close()


class _Child:
    """One parsing child: started with the request written to its stdin, read frame by
    frame from its stdout with a budget of waiting time."""

    def __init__(self, fn: Callable[..., Any], data: bytes, limits: Limits,
                 kwargs: dict[str, Any], *, mode: str) -> None:
        self.limits = limits
        self.done = False
        self.timed_out = False
        self.refused = ""
        self.unexpected = False
        self.address_limit = self.cpu_limit = 0
        self.report: ChildReport | None = None
        self.budget = float(limits.seconds)
        self.stderr: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", "from jiguan.core.excel.sandbox import child_main; "
             "child_main()", str(limits.memory), str(limits.seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            close_fds=True, env=_child_environment())
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()
        self.buffer = bytearray()
        request = json.dumps([fn.__module__, fn.__qualname__, kwargs, mode]).encode()
        try:
            self.proc.stdin.write(_FRAME.pack(b"Q", len(request)) + request)
            self.proc.stdin.write(_FRAME.pack(b"F", len(data)))
            self.proc.stdin.write(data)
            if mode == "session":
                self.proc.stdin.flush()  # kept open for the choice
            else:
                self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # the child died early: reported by the first read

    def choose(self, choice: Any) -> None:
        """Tell a session's child what to stream (it may have died meanwhile: then the
        first read reports it)."""
        stdin = self.proc.stdin
        if stdin is None or stdin.closed:
            raise RuntimeError("a session streams once")
        request = json.dumps(choice).encode()
        with contextlib.suppress(BrokenPipeError, OSError):
            stdin.write(_FRAME.pack(b"S", len(request)) + request)
            stdin.flush()
        with contextlib.suppress(BrokenPipeError, OSError):
            stdin.close()

    def next_frame(self) -> tuple[bytes, Any]:
        """The next frame other than the child's limits (``L``); a refusal in the child
        (``E``) and a dead child are turned into ``(b"!", None)``."""
        while True:
            header = self._read(_FRAME.size)
            if header is None:
                return b"!", None
            kind, length = _FRAME.unpack(header)
            payload = self._read(length)
            if payload is None:
                return b"!", None
            value = _loads(bytes(payload))
            if kind == b"L":
                self.address_limit, self.cpu_limit = value
                continue
            if kind in (b"E", b"X"):  # X: a failure the child did not expect (logged)
                self.refused, self.unexpected = str(value), kind == b"X"
                return b"!", None
            return kind, value

    def _read(self, size: int) -> bytearray | None:
        """Exactly ``size`` bytes, or None at the end of the stream or of the time budget."""
        buffer = self.buffer
        while len(buffer) < size:
            started = time.monotonic()
            # poll, not select: a busy server's descriptors may number past 1024.
            waiter = select.poll()
            waiter.register(self.fd, select.POLLIN)
            ready = waiter.poll(max(self.budget, 0) * 1000)
            self.budget -= time.monotonic() - started
            if not ready:
                self.timed_out = True
                self._kill()
                return None
            chunk = os.read(self.fd, max(size - len(buffer), 1 << 20))
            if not chunk:
                return None
            buffer += chunk
        found = buffer[:size]
        del buffer[:size]
        return found

    def failure(self) -> SpreadsheetError:
        """Why the child gave no answer, as the refusal of the file."""
        report = self._reap(kill=False)  # it has ended, or is ending, or was killed
        limits = self.limits
        status = report.status
        if self.refused:
            message = self.refused
        elif self.timed_out or (os.WIFSIGNALED(status) and (
                os.WTERMSIG(status) == signal.SIGXCPU
                or report.cpu_seconds >= limits.seconds)):
            message = MSG_TIMEOUT.format(limit=limits.seconds)
        elif self._out_of_memory() or (os.WIFSIGNALED(status)
                                       and os.WTERMSIG(status) == signal.SIGKILL):
            message = MSG_MEMORY.format(limit=limits.memory // _MIB)
        else:
            message = MSG_CRASH
        if self.unexpected or not self.refused:
            logger.warning("parsing child %s ended with status %s: %s", report.pid,
                           status, self._stderr_tail())
        report.refused = message
        return SpreadsheetError(message)

    def _out_of_memory(self) -> bool:
        tail = self._stderr_tail()
        return ("memory allocation" in tail or "MemoryError" in tail
                or "out of memory" in tail.lower())

    def _stderr_tail(self) -> str:
        """What the child wrote to stderr: its first and last 4 KB."""
        try:
            self.stderr.seek(0)
            head = self.stderr.read(4096)
            self.stderr.seek(0, io.SEEK_END)
            size = self.stderr.tell()
            self.stderr.seek(max(len(head), size - 4096))
            tail = self.stderr.read()
        except (OSError, ValueError):
            return ""
        return (head + (b"\n...\n" if size > len(head) + len(tail) else b"") + tail).decode(
            "utf-8", "replace")

    def finish(self) -> None:
        """The child sent everything: let it exit."""
        self.done = True
        self._reap(kill=False)

    def _kill(self) -> None:
        if self.report is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()

    def _reap(self, *, kill: bool) -> ChildReport:
        """Wait for the child (killed first if the parent stops reading it early) and
        record its report."""
        if self.report is not None:
            return self.report
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        if kill:
            self._kill()
        try:
            _pid, status, usage = os.wait4(self.proc.pid, 0)
            peak, cpu = usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime
        except ChildProcessError:
            status, peak, cpu = 0, 0, 0.0
        self.proc.returncode = -1  # reaped here: Popen must not wait for it again
        self.report = _local.report = ChildReport(
            pid=self.proc.pid, address_limit=self.address_limit, cpu_limit=self.cpu_limit,
            peak_rss=peak, cpu_seconds=cpu, status=status)
        return self.report

    def close(self) -> None:
        """End the child (killed unless it sent everything) and free its pipe and log."""
        self.done = True
        self._reap(kill=True)
        self.stderr.close()


def _child_environment() -> dict[str, str]:
    """The child's environment: what Python needs to start and find the project, nothing
    else (no SECRET_KEY, no DATABASE_URL: a child a file took over learns no secret), and
    no Rust backtrace, so that the reason of an abort is the first line of its stderr."""
    kept = {name: os.environ[name] for name in ("PATH", "PYTHONPATH", "VIRTUAL_ENV")
            if name in os.environ}
    return {**kept, "LANG": "C.UTF-8", "RUST_BACKTRACE": "0"}


# ---------------------------------------------------------------- the child


def _limit(kind: int, value: int, hard: int) -> int:
    """Lower the soft limit of ``kind`` to ``value`` and the hard one to ``hard`` (never
    above what the process may have already)."""
    _soft, ceiling = resource.getrlimit(kind)
    if ceiling != resource.RLIM_INFINITY:
        value, hard = min(value, ceiling), min(hard, ceiling)
    resource.setrlimit(kind, (value, hard))
    return value


def child_main() -> None:
    """The child's whole life: limit itself, read the request, answer in frames."""
    memory, seconds = int(sys.argv[1]), int(sys.argv[2])
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to the log, never into the frames
    address = _limit(resource.RLIMIT_AS, memory, memory)
    _limit(resource.RLIMIT_CORE, 0, 0)  # an abort leaves no core file of up to the limit
    # SIGXCPU at the soft limit, SIGKILL a few seconds later should it be caught.
    cpu = _limit(resource.RLIMIT_CPU, seconds, seconds + 5)

    def send(kind: bytes, value: Any) -> None:
        payload = pickle.dumps(value, protocol=5)
        out.write(_FRAME.pack(kind, len(payload)))
        out.write(payload)

    send(b"L", (address, cpu))
    out.flush()
    source = sys.stdin.buffer
    _kind, length = _FRAME.unpack(source.read(_FRAME.size))
    module, name, kwargs, mode = json.loads(source.read(length))
    _kind, length = _FRAME.unpack(source.read(_FRAME.size))
    data = source.read(length)
    try:
        fn = getattr(import_module(module), name)
        if mode == "call":
            send(b"V", fn(data, **kwargs))
        else:
            head, rows = fn(data, **kwargs)
            del data
            send(b"H", head)
            out.flush()
            if mode == "session":
                header = source.read(_FRAME.size)
                if len(header) < _FRAME.size:
                    return  # the parent chose nothing: done
                _kind, length = _FRAME.unpack(header)
                rows = rows(json.loads(source.read(length)))
            while block := list(islice(rows, BLOCK_ROWS)):
                send(b"R", block)
            send(b"D", None)
    except SpreadsheetError as exc:
        send(b"E", exc.message)
    except MemoryError:
        send(b"E", MSG_MEMORY.format(limit=memory // _MIB))
    except Exception:  # any other failure refuses the file; the parent logs the traceback
        import traceback
        traceback.print_exc()
        send(b"X", MSG_NOT_SPREADSHEET)
    out.flush()
