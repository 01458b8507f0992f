"""The `jiguan` console command: a short front door to manage.py and the server."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

HELP = """\
jiguan — 机关事务管理平台 命令行 (Jiguan command line)

用法 Usage: jiguan <命令 command> [参数 options]

  migrate                    建表/升级数据库            Create or upgrade the database
  load_regions               载入本省行政区划            Load the province's division tree
  demo --scale small|province [--seed N]
                             生成演示数据与演示账号      Seed demo data and demo accounts
  import ...                 导入 Excel/CSV 数据         Import data (manage.py import_data)
  serve [granian 参数]       启动网站（granian）         Serve the site with granian
  worker                     启动后台任务进程            Run the background task worker
  createsuperuser, shell, check, collectstatic, ...
                             其他词原样交给 Django       Any other word goes to Django

  jiguan <命令> --help        查看某命令的参数            Options of one command
"""

# Our short names for Django management commands.
ALIASES = {"import": "import_data", "worker": "db_worker"}

# Two workers with two blocking threads each: granian's default of 256 threads per worker
# gave a 2.5x worse p99 and one database connection per thread (docs/design.md, "Speed").
SERVE_ARGS = ["--interface", "wsgi", "config.wsgi:application", "--host", "127.0.0.1",
              "--port", "8000", "--workers", "2", "--blocking-threads", "2"]


def _granian() -> str:
    beside = Path(sys.executable).with_name("granian")
    if beside.exists():
        return str(beside)
    found = shutil.which("granian")
    if found is None:
        raise SystemExit("找不到 granian，请先执行 make install")
    return found


def serve(args: Sequence[str]) -> None:
    """Replace this process with granian; later options override the defaults above."""
    granian = _granian()
    os.execv(granian, [granian, *SERVE_ARGS, *args])  # noqa: S606 - a fixed program


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(HELP)
        return
    command, rest = args[0], args[1:]
    if command == "serve":
        serve(rest)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jiguan", ALIASES.get(command, command), *rest])


if __name__ == "__main__":
    main()
