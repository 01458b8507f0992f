"""Rewrite imports and paths after access/ and core/ became topic packages (issue 10).

Run from a checkout (or a branch made before the move): ``python bench/move_modules.py``.
It rewrites dotted module paths, ``from jiguan.<app> import <module>`` lines and file paths
in *.py, *.md, *.toml, *.html, *.txt, Makefile and .ci files. It is idempotent; ``--move``
also performs the git moves (used once, for the move itself).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

MOVES: dict[str, str] = {
    # access: the login (lockout, passwords, sessions, API authentication) and the accounts
    # (users, grants, tokens, the separated duties); regions' loader
    "access.lockout": "access.login.lockout",
    "access.passwords": "access.login.passwords",
    "access.session_policy": "access.login.session_policy",
    "access.middleware": "access.login.middleware",
    "access.signals": "access.login.signals",
    "access.api_auth": "access.login.api_auth",
    "access.actions": "access.accounts.actions",
    "access.duties": "access.accounts.duties",
    "access.duty_models": "access.accounts.models",
    "access.forms": "access.accounts.forms",
    "access.views": "access.accounts.views",
    "access.regions": "access.regions.load",
    # core: database helpers, the page shell, deployment checks
    "core.batches": "core.db.batches",
    "core.bulk": "core.db.bulk",
    "core.dbstats": "core.db.dbstats",
    "core.errors": "core.web.errors",
    "core.formviews": "core.web.formviews",
    "core.forms": "core.web.forms",
    "core.nav": "core.web.nav",
    "core.panels": "core.web.panels",
    "core.views": "core.web.views",
    "core.context_processors": "core.web.context_processors",
    "core.checks": "core.deploy.checks",
    "core.demo_password": "core.deploy.demo_password",
}

_NAMES = "|".join(re.escape(k) for k in sorted(MOVES, key=len, reverse=True))
# jiguan.access.lockout / access.lockout (not django.core.checks: no dot or word before)
DOTTED = re.compile(rf'(?<![\w.])(jiguan\.)?({_NAMES})(?!\w|\.load\b|")')
_PATH_NAMES = "|".join(re.escape(k.replace(".", "/")) for k in MOVES)
PATHS = re.compile(rf"(?<![\w/])(jiguan/)?({_PATH_NAMES})(\.py)")
FROM_IMPORT = re.compile(
    r"^([ \t]*)from jiguan\.(access|core) import ([^\n(#]+(?:#[^\n]*)?)$", re.M)


def _dotted(m: re.Match[str]) -> str:
    return (m.group(1) or "") + MOVES[m.group(2)]


def _path(m: re.Match[str]) -> str:
    return (m.group(1) or "") + MOVES[m.group(2).replace("/", ".")].replace(".", "/") + m.group(3)


def _from_import(m: re.Match[str]) -> str:
    indent, app, names = m.group(1), m.group(2), m.group(3)
    comment = ""
    if "#" in names:
        names, comment = names.split("#", 1)
        comment = "  #" + comment
    kept: list[str] = []
    lines: list[str] = []
    for part in [p.strip() for p in names.split(",") if p.strip()]:
        name, _, alias = part.partition(" as ")
        key = f"{app}.{name.strip()}"
        if key in MOVES:
            package, _, module = MOVES[key].rpartition(".")
            as_name = alias.strip() or name.strip()
            suffix = "" if as_name == module else f" as {as_name}"
            lines.append(f"{indent}from jiguan.{package} import {module}{suffix}{comment}")
        else:
            kept.append(part)
    if not lines:
        return m.group(0)
    if kept:
        lines.insert(0, f"{indent}from jiguan.{app} import {', '.join(kept)}{comment}")
    return "\n".join(lines)


def rewrite(text: str, python: bool) -> str:
    if python:
        text = FROM_IMPORT.sub(_from_import, text)
    text = DOTTED.sub(_dotted, text)
    return PATHS.sub(_path, text)


def files(root: Path) -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True,
                         check=True).stdout.split()
    keep = (".py", ".md", ".toml", ".html", ".txt", ".cfg", ".ini", ".sh", ".yml", ".yaml")
    return [root / f for f in out if f.endswith(keep) or (f.startswith((".ci/", "Makefile"))
            and (root / f).is_file())]


def move(root: Path) -> None:
    for old, new in MOVES.items():
        src = root / "jiguan" / (old.replace(".", "/") + ".py")
        dst = root / "jiguan" / (new.replace(".", "/") + ".py")
        if not src.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        init = dst.parent / "__init__.py"
        if not init.exists():
            init.write_text("")
            subprocess.run(["git", "add", str(init)], cwd=root, check=True)
        subprocess.run(["git", "mv", str(src), str(dst)], cwd=root, check=True)


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    if "--move" in sys.argv:
        # duties.py and duties/ cannot both exist: move the module files first
        move(root)
    for path in files(root):
        if path.name == "move_modules.py" or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, path.suffix == ".py")
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(path.relative_to(root))


if __name__ == "__main__":
    main()
