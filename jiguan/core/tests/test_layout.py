"""The layout rules import-linter cannot check (docs/architecture.md), for every app:

* no private name (``_name``) crosses a package line: ``from jiguan.space.compliance.rules
  import _Limits`` in jiguan/space/register/ fails, and so does ``rules._Limits`` after
  ``from jiguan.space.compliance import rules``. A package is an app (jiguan/orgs/) or, in an
  app made of topic packages, a topic (jiguan/space/register/, jiguan/space/compliance/ ...).
  Tests and migrations may use private names (tests do test helpers);
* no ``apps.get_model(...)`` outside migrations: a model fetched by its label is an import
  import-linter does not see, so it would step around the contracts in pyproject.toml. The
  exceptions are listed below with their reason.

The source is parsed with ``ast``; nothing is imported."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

JIGUAN = Path(__file__).resolve().parents[2]
NOT_A_TOPIC = {"tests", "migrations", "templates", "static", "templatetags"}

#: module -> why it may call apps.get_model.
GET_MODEL_ALLOWED = {
    # Importers declare the tables they read by label (Importer.depends_on); core reads their
    # state generically, for any app's importer, without knowing the apps.
    "jiguan.core.imports.reuse": "labels declared by each importer",
    # An audit row names its target by label ("orgs.agency"), like a generic foreign key: the
    # trail shows the field labels of whichever model that is, knowing no app.
    "jiguan.audit.models": "the model an audit row's target_type names",
    # The user page offers the agencies a role can be granted at. access may not import orgs
    # (orgs builds on access); Grant.agency names its model by label ("orgs.Agency") the same
    # way. To go when user administration moves above both apps.
    "jiguan.access.accounts.views": "Grant.agency's model, by the label the foreign key uses",
    # A migration operation reads its model from the migration state (state.apps), as
    # Django's own operations do.
    "jiguan.core.search": "AddSearchIndex reads the model from the migration state",
    # The test compares every app's AddSearchIndex operations with the models they name.
    "jiguan.core.tests.test_search": "each AddSearchIndex's model, found in any app",
    # A data migration's test reads the models as they were before and after it (the
    # migration state's apps), as the migration itself does.
    "jiguan.governance.tests.test_library": "the attachment move's models (migration state)",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(JIGUAN.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    """jiguan.<app>.<topic> when the topic is a package of its own, else jiguan.<app>."""
    parts = module.split(".")
    if len(parts) >= 3:
        topic = JIGUAN / parts[1] / parts[2]
        if parts[2] not in NOT_A_TOPIC and (topic / "__init__.py").exists():
            return ".".join(parts[:3])
    return ".".join(parts[:2])


def _is_module(name: str) -> bool:
    path = JIGUAN.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _exempt(module: str) -> bool:
    parts = module.split(".")
    return ("tests" in parts or "migrations" in parts or parts[-1] == "conftest"
            or parts[:2] == ["jiguan", "tests_browser"])


def _sources() -> Iterator[tuple[str, ast.Module, bool]]:
    for path in sorted(JIGUAN.rglob("*.py")):
        yield (_module_name(path), ast.parse(path.read_text(encoding="utf-8"), str(path)),
               path.name == "__init__.py")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The module a (possibly relative) ``from ... import`` names."""
    if node.level == 0:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def private_crossings(module: str, tree: ast.Module, is_package: bool = False) -> list[str]:
    """Every private name ``module`` takes from another package."""
    here = package_of(module)
    found: list[str] = []
    modules: dict[str, str] = {}  # local name -> the jiguan module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, is_package)
            if not source.startswith("jiguan."):
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                if _is_module(full):
                    modules[alias.asname or alias.name] = full
                elif _private(alias.name) and package_of(source) != here:
                    found.append(f"{module}:{node.lineno} imports {alias.name} from {source}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("jiguan.") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules and _private(node.attr)
                and package_of(modules[node.value.id]) != here):
            found.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr} of "
                         f"{modules[node.value.id]}")
    return found


def get_model_calls(module: str, tree: ast.Module) -> list[str]:
    return [f"{module}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"]


def test_no_private_name_crosses_a_package_line() -> None:
    found = [hit for module, tree, is_package in _sources() if not _exempt(module)
             for hit in private_crossings(module, tree, is_package)]
    assert found == [], "private names used across packages (make them public or move the "\
                        "code where it belongs):\n" + "\n".join(found)


def test_no_apps_get_model_steps_around_the_contracts() -> None:
    found = [hit for module, tree, _ in _sources()
             if "migrations" not in module.split(".") and module not in GET_MODEL_ALLOWED
             for hit in get_model_calls(module, tree)]
    assert found == [], "apps.get_model outside migrations (import the model, or allow it "\
                        "in GET_MODEL_ALLOWED with the reason):\n" + "\n".join(found)


def test_every_allowed_get_model_is_still_there() -> None:
    """An allowance whose call has gone is removed, so that the list stays the truth."""
    calls = {module for module, tree, _ in _sources() if get_model_calls(module, tree)}
    assert set(GET_MODEL_ALLOWED) <= calls


def _tree(source: str) -> ast.Module:
    return ast.parse(source)


def test_it_flags_a_private_import_from_another_topic_package() -> None:
    source = "from jiguan.space.compliance.rules import _Limits, agency_approval\n"
    assert private_crossings("jiguan.space.register.views", _tree(source)) == [
        "jiguan.space.register.views:1 imports _Limits from jiguan.space.compliance.rules"]
    # The same name inside its own package is the package's business.
    assert private_crossings("jiguan.space.compliance.queries", _tree(source)) == []


def test_it_flags_a_private_attribute_of_a_module_of_another_package() -> None:
    source = "from jiguan.space.compliance import compute\nrows = compute._rows\n"
    assert private_crossings("jiguan.space.register.views", _tree(source)) == [
        "jiguan.space.register.views:2 uses compute._rows of jiguan.space.compliance.compute"]


def test_it_flags_a_private_import_from_another_app() -> None:
    source = "from jiguan.core.excel.cells import _TRIGGER_CHARS\n"
    assert private_crossings("jiguan.orgs.excel", _tree(source)) != []
    # Within a flat app, modules share their private names.
    flat = "from jiguan.orgs.rules import _digits\n"
    assert private_crossings("jiguan.orgs.views", _tree(flat)) == []


def test_it_resolves_relative_imports() -> None:
    source = "from ..compliance.rules import _Limits\nfrom .queries import _helper\n"
    assert private_crossings("jiguan.space.register.views", _tree(source)) == [
        "jiguan.space.register.views:1 imports _Limits from jiguan.space.compliance.rules"]


def test_it_flags_get_model() -> None:
    source = "from django.apps import apps\nAgency = apps.get_model('orgs', 'Agency')\n"
    assert get_model_calls("jiguan.access.accounts.views", _tree(source)) == [
        "jiguan.access.accounts.views:2"]


# ---------------------------------------------------------------- scope in one place

#: modules that may read a user's scope: the access app (the scope is its object) and the
#: QuerySet mechanism every scoped model builds on.
SCOPE_READERS = ("jiguan.access", "jiguan.core.scoping")

#: module -> why it still reads user.scope. Each is another engineer's area at the time of
#: writing (the import pipeline and the orgs importers); they move onto
#: jiguan.core.scoping.holds / jiguan.access.scope.can_at as those areas merge.
SCOPE_READS_ALLOWED: dict[str, str] = {}

_USERISH = {"user", "actor", "importer_user", "request_user"}


def _userish(node: ast.AST) -> bool:
    """`user`, `actor`, `request.user`, `self.user`, `importer.user` ..."""
    if isinstance(node, ast.Name):
        return node.id in _USERISH
    return isinstance(node, ast.Attribute) and node.attr in _USERISH


def scope_reads(module: str, tree: ast.Module) -> list[str]:
    """Every `<user>.scope` read in `module`."""
    return [f"{module}:{line}" for line in sorted(
        node.lineno for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "scope" and _userish(node.value))]


def _may_read_scope(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in SCOPE_READERS)


def test_only_access_and_the_scoped_querysets_read_user_scope() -> None:
    """Views, APIs, services, importers, templatetags and models ask a QuerySet's
    visible_to, jiguan.access.scope (require, can, can_at, scope_root, own_agency_ids,
    sees_regions ...) or jiguan.core.scoping (holds, region_paths ... for core and the
    scope_q overrides), never `user.scope` itself."""
    found = [hit for module, tree, _ in _sources()
             if not _exempt(module) and not _may_read_scope(module)
             and module not in SCOPE_READS_ALLOWED
             for hit in scope_reads(module, tree)]
    assert found == [], "user.scope read outside access/ and core/scoping.py (ask a "\
                        "QuerySet's visible_to or a named function of access.scope):\n" \
                        + "\n".join(found)


def test_every_allowed_scope_read_is_still_there() -> None:
    reading = {module for module, tree, _ in _sources() if scope_reads(module, tree)}
    assert set(SCOPE_READS_ALLOWED) <= reading


def test_it_flags_scope_reads() -> None:
    source = ("def v(request, actor, user):\n"
              "    a = request.user.scope.has('x')\n"
              "    b = actor.scope\n"
              "    c = user.scope.region_paths('x')\n"
              "    d = self.scope\n")
    assert scope_reads("jiguan.space.views", _tree(source)) == [
        "jiguan.space.views:2", "jiguan.space.views:3", "jiguan.space.views:4"]
