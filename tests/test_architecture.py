"""The package's shape: no import cycles, stages import only downward, training apart.

The imports are read from the source with ``ast`` (module level and inside functions
alike), so a lazy import cannot hide an edge.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kg

ROOT = Path(kg.__file__).resolve().parent

#: The floors, lowest first; a module may import its own floor and the floors below it.
#: ``kg`` itself (the lazy public face) may import anything.
LAYERS = [
    ("kg.errors", "kg.types", "kg.schema", "kg.version"),
    ("kg.text",),
    ("kg.model",),
    ("kg.ner",),
    ("kg.link",),
    ("kg.relations",),
    ("kg.graph",),
    ("kg.export",),
    ("kg.store",),
    ("kg.pipeline", "kg.nlp"),
    ("kg.training",),
    ("kg.cli", "kg.__main__"),
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """The kg modules that module ``name`` imports anywhere in its source."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if base.split(".")[0] != "kg":
                continue
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
    return {m for m in out if m in MODULES and m != name}


GRAPH = nx.DiGraph([(m, i) for m in MODULES for i in _imports(m)])
GRAPH.add_nodes_from(MODULES)


def _floor(name: str) -> int:
    for level, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return level
    raise AssertionError(f"{name} is on no floor of LAYERS: add it")


def test_the_walk_sees_the_imports():
    # a positive control: if the walk saw nothing, the tests below could not fail
    assert ("kg.pipeline", "kg.ner") in GRAPH.edges
    assert ("kg.model", "kg.model.tagger") in GRAPH.edges  # a lazy import counts
    assert GRAPH.number_of_edges() > 100


def test_no_import_cycle():
    cycles = list(nx.simple_cycles(GRAPH))
    assert cycles == [], cycles[:5]


def test_every_module_is_on_a_floor():
    for name in MODULES:
        if name != "kg":
            _floor(name)


def test_stages_import_only_downward():
    upward = [(m, i) for m, i in GRAPH.edges if m != "kg" and i != "kg" and _floor(i) > _floor(m)]
    assert upward == []


def test_nothing_imports_the_package_face():
    # kg/__init__.py is the public face; stages import what they need directly
    assert sorted(m for m, i in GRAPH.edges if i == "kg") == []


def test_training_is_imported_only_by_training_and_the_train_command():
    users = {m for m, i in GRAPH.edges if i.startswith("kg.training")}
    assert users <= {m for m in MODULES if m.startswith("kg.training")} | {"kg.cli.train"}


def test_a_new_backend_is_one_file():
    from kg.ner.registry import available_backends

    files = sorted(p.stem for p in (ROOT / "ner" / "backends").glob("[!_]*.py"))
    assert available_backends() == files == ["hanlp", "jieba", "kg", "spacy"]


@pytest.mark.parametrize("statement", ["import kg.cli", "import kg"])
def test_the_cli_loads_no_model_or_trainer(statement):
    code = (
        f"import sys; {statement}; "
        "print(sorted(m for m in sys.modules if m.startswith(('kg.model', 'kg.training', "
        "'kg.ner', 'torch', 'spacy', 'jieba'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
