"""One access dialect: views and selectors ask ``schools.access`` through ``holds``,
``allowed``, ``require``, ``schools_for``, ``scoped`` and ``get_school``; nothing outside
``schools/access.py`` reads a scope or the policy table itself."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("symphony", "schools", "categorisation", "reviews", "governance", "finance")
INTERNALS = {"scope_of", "Scope", "POLICY", "ALL", "OWN", "TEAM", "OWN_OR_TEAM", "APPOINTED"}


def readings(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) wherever the code uses the access layer's internals."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("access"):
            found += [(node.lineno, a.name) for a in node.names if a.name in INTERNALS]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in INTERNALS
            and getattr(node.value, "id", None) == "access"
        ):
            found.append((node.lineno, f"access.{node.attr}"))
    return found


def test_nothing_outside_the_access_layer_reads_a_scope():
    found = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "schools" / "access.py" or "migrations" in path.parts:
                continue
            for line, name in readings(ast.parse(path.read_text())):
                found.append(f"{path.relative_to(ROOT)}:{line} {name}")
    assert found == []


def test_a_scope_read_outside_the_layer_is_found():
    tree = ast.parse(
        "from schools import access\n"
        "from schools.access import ALL, Perm\n"
        "def view(user):\n"
        "    return access.scope_of(user, Perm.VIEW_SCHOOL) is access.ALL\n"
    )
    assert sorted(readings(tree)) == [(2, "ALL"), (4, "access.ALL"), (4, "access.scope_of")]
