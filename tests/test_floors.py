"""The house's floors (docs/architecture.md), read from every import in the code, those
inside functions included, and every ``import_module`` / ``import_string`` of a literal:

- the foundation (``symphony/`` but the roof) imports no app;
- the ground (``schools/``) imports the foundation and nothing else;
- a domain app imports the ground, the foundation, and only the domain apps below it in
  ``DOMAIN_MAY_IMPORT``, a graph without cycles;
- the roof (``symphony/portal/`` and the root URL conf) may import every app, and nothing
  imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GROUND = "schools"
DOMAIN_MAY_IMPORT = {
    "categorisation": {"reviews", "finance"},  # SCC actions are Core Plan actions; risks
    "governance": {"reviews"},  # the LGB panel reads the latest governance review
    "reviews": set(),
    "finance": set(),
}
APPS = (GROUND, *DOMAIN_MAY_IMPORT)
ROOF = ("symphony.portal", "symphony.urls")
FOUNDATION = "symphony"
DYNAMIC_IMPORTS = {"import_module", "import_string"}


def floor_of(module: str) -> str | None:
    """'roof', 'foundation', an app's name, or None for Django and other libraries."""
    if any(module == roof or module.startswith(roof + ".") for roof in ROOF):
        return "roof"
    top = module.split(".")[0]
    if top == FOUNDATION:
        return "foundation"
    return top if top in APPS else None


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, module: str, is_package: bool):
    """(line, module imported) for every import anywhere in the tree."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:  # ``from symphony import portal`` names a floor
                if floor_of(f"{base}.{alias.name}") != floor_of(base):
                    yield node.lineno, f"{base}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in DYNAMIC_IMPORTS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def allowed(source: str, target: str) -> bool:
    if source == "roof" or target == source:
        return True
    if target == "roof":
        return False  # nothing imports the roof
    if source == "foundation":
        return target == "foundation"
    if source == GROUND:
        return target == "foundation"
    return target in {"foundation", GROUND, *DOMAIN_MAY_IMPORT[source]}


def violations(root: Path) -> list[str]:
    found = []
    for top in (FOUNDATION, *APPS):
        for path in sorted((root / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = module_name(path, root)
            source = floor_of(module)
            tree = ast.parse(path.read_text(), filename=str(path))
            for line, target_module in imported(tree, module, path.name == "__init__.py"):
                target = floor_of(target_module)
                if target is not None and not allowed(source, target):
                    where = path.relative_to(root).as_posix()
                    found.append(f"{where}:{line} ({source}) imports {target_module} ({target})")
    return sorted(set(found))


def test_every_import_keeps_to_its_floor():
    assert violations(ROOT) == []


def test_the_domain_apps_import_each_other_without_a_cycle():
    seen, done = set(), set()

    def visit(app, trail):
        assert app not in trail, f"import cycle: {' -> '.join([*trail, app])}"
        if app in done:
            return
        for below in DOMAIN_MAY_IMPORT[app]:
            visit(below, [*trail, app])
        done.add(app)

    for app in DOMAIN_MAY_IMPORT:
        visit(app, [])
        seen.add(app)
    assert seen == set(DOMAIN_MAY_IMPORT)


def _tree(tmp_path, files: dict[str, str]) -> Path:
    for name in (FOUNDATION, *APPS, "symphony/portal"):
        (tmp_path / name).mkdir(parents=True, exist_ok=True)
        (tmp_path / name / "__init__.py").write_text("")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    "name, text, expected",
    [
        # the ground reaching up, hidden inside a function
        (
            "schools/views.py",
            "def home():\n    from categorisation.selectors import due_rows\n",
            "schools/views.py:2 (schools) imports categorisation.selectors (categorisation)",
        ),
        # the foundation importing an app
        (
            "symphony/pdf.py",
            "from schools.models import School\n",
            "symphony/pdf.py:1 (foundation) imports schools.models (schools)",
        ),
        # an app importing the roof, by name or by string
        (
            "finance/views.py",
            "from symphony import portal\n",
            "finance/views.py:1 (finance) imports symphony.portal (roof)",
        ),
        (
            "reviews/tasks.py",
            "from django.utils.module_loading import import_string\n"
            "seed = import_string('symphony.portal.demo.seed_demo_trust')\n",
            "reviews/tasks.py:2 (reviews) imports symphony.portal.demo.seed_demo_trust (roof)",
        ),
        # a domain app importing one that is not below it (relative import resolved)
        (
            "reviews/offer.py",
            "from categorisation.offer import support_offer\n",
            "reviews/offer.py:1 (reviews) imports categorisation.offer (categorisation)",
        ),
    ],
)
def test_a_wrong_import_is_named_with_its_place(tmp_path, name, text, expected):
    assert violations(_tree(tmp_path, {name: text})) == [expected]


def test_imports_the_floors_allow_pass(tmp_path):
    root = _tree(
        tmp_path,
        {
            "schools/views.py": "from . import access\nfrom symphony import pdf\n",
            "categorisation/scc.py": "from reviews.models import Action\n",
            "symphony/portal/views.py": "from finance import selectors\n",
            "symphony/urls.py": "from symphony.portal import views\n",
        },
    )
    assert violations(root) == []
