"""Every ``pip install`` kg tells a user to run installs something this project declares.

The hints are read from kg's source (every string, error messages and help text alike) and
from the README; each requirement must name a distribution in pyproject.toml (a dependency
or an extra) with a version it allows, and kg itself is installed from its checkout (the
``kg`` on PyPI is another project), with extras that exist.
"""

from __future__ import annotations

import ast
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
#: ``pip install ARGS`` up to the end of the command: a backquote, a comment, a line's end
HINT = re.compile(r"pip install ((?:[^`\n#;)])+)")


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and str(n.value) == n.value
    ]


def _hints() -> list[tuple[str, str]]:
    """(where, the arguments of ``pip install``) for every hint kg gives."""
    found = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        for text in _strings(path):
            found += [(path.relative_to(ROOT).as_posix(), _args(m)) for m in HINT.findall(text)]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found += [("README.md", _args(m)) for m in HINT.findall(readme)]
    return found


def _args(match: str) -> str:
    return match.split("&&")[0].strip()


def _declared() -> dict[str, Requirement]:
    requirements = list(PROJECT["dependencies"])
    for extra in PROJECT["optional-dependencies"].values():
        requirements += extra
    return {canonicalize_name(Requirement(r).name): Requirement(r) for r in requirements}


HINTS = _hints()


def test_the_hints_are_these():
    # the list, so that a new hint is looked at (and this test can fail)
    assert sorted({args for _, args in HINTS if not args.startswith("-e")}) == [
        '"dask[distributed]"',
        "'pyvis>=0.3.2'",
        "--no-deps pyvis==0.3.2 -e .",
        "hanlp==2.1.5",
        "torch",
        "torch --index-url https://download.pytorch.org/whl/cpu",
    ]
    assert {where for where, _ in HINTS} >= {
        "kg/ner/backends/hanlp.py",
        "kg/export/html.py",
        "kg/training/train_neural.py",
        "kg/cli/train.py",
        "README.md",
    }


@pytest.mark.parametrize(("where", "args"), HINTS, ids=[f"{w}: {a}" for w, a in HINTS])
def test_every_hint_installs_what_pyproject_declares(where, args):
    declared = _declared()
    words = shlex.split(args)
    targets = []
    skip_next = False
    for word in words:
        if skip_next:
            skip_next = False
        elif word in ("--index-url", "--extra-index-url", "-i"):
            skip_next = True
        elif word == "-e":
            continue
        elif not word.startswith("-"):
            targets.append(word)
    assert targets, f"{where}: `pip install {args}` installs nothing"
    for target in targets:
        if target.startswith("."):  # this checkout, with extras that exist
            extras = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", target)
            assert extras, f"{where}: {target!r}"
            for extra in filter(None, (extras.group(1) or "").split(",")):
                assert extra in PROJECT["optional-dependencies"], f"{where}: no extra {extra!r}"
            continue
        req = Requirement(target)
        name = canonicalize_name(req.name)
        assert name != canonicalize_name(PROJECT["name"]), (
            f"{where}: `pip install {target}` installs an unrelated PyPI package; "
            "kg installs from its checkout (pip install -e .)"
        )
        assert name in declared, f"{where}: {req.name} is not declared in pyproject.toml"
        pins = [s.version for s in req.specifier if s.operator == "=="]
        for version in pins:
            assert declared[name].specifier.contains(version), (where, target, declared[name])
        if any(s.operator == "==" for s in declared[name].specifier):
            assert req.specifier == declared[name].specifier, (where, target, declared[name])
