"""What installing pyvis brings to kg: the distributions and megabytes it adds.

    python scripts/pyvis_footprint.py [--pyvis pyvis==0.3.2]

Makes a throwaway virtual environment holding kg's other dependencies (pyproject.toml's
``dependencies`` without pyvis), then installs pyvis into it and prints each distribution
that this added, with the size of its installed files (from its RECORD), and the total;
then the same for pyvis alone (``--no-deps``) in a fresh venv. kg writes the HTML page from
the vis-network files pyvis ships and never imports pyvis (whose ``network`` module imports
IPython), so the ``--no-deps`` figure is all kg needs of it. Last, it checks that lighter
install: kg's other dependencies, then ``pip install --no-deps pyvis==0.3.2 -e .``, then
``kg build seeds/ --format html`` in that venv, and says whether IPython is absent there.
Needs the package index pip is configured with; prints sizes in MB (10^6 bytes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_LIST = (
    "import importlib.metadata as md, json, os\n"
    "out = {}\n"
    "for d in md.distributions():\n"
    "    size = 0\n"
    "    for f in d.files or []:\n"
    "        p = d.locate_file(f)\n"
    "        size += os.path.getsize(p) if os.path.isfile(p) else 0\n"
    "    out[d.metadata['Name']] = size\n"
    "print(json.dumps(out))\n"
)


def installed(python: Path) -> dict[str, int]:
    """Distribution name -> bytes of its installed files, in the venv of ``python``."""
    out = subprocess.run([str(python), "-c", _LIST], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _pip(python: Path, *args: str) -> None:
    cmd = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)


def footprint(requirement: str, *, no_deps: bool, base: list[str]) -> dict[str, int]:
    """The distributions (and bytes) installing ``requirement`` adds to a venv with ``base``."""
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, with_pip=True)
        python = Path(tmp) / "bin" / "python"
        if base:
            _pip(python, *base)
        before = installed(python)
        _pip(python, *(["--no-deps", requirement] if no_deps else [requirement]))
        after = installed(python)
    return {name: size for name, size in after.items() if name not in before}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyvis", default="pyvis==0.3.2", help="the requirement to install")
    args = parser.parse_args(argv)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    others = [r for r in project["dependencies"] if not r.lower().startswith("pyvis")]
    mb = 1e6
    added = footprint(args.pyvis, no_deps=False, base=others)
    alone = footprint(args.pyvis, no_deps=True, base=[])
    print(
        f"pip install {args.pyvis} on top of kg's other dependencies: {len(added)} "
        f"distributions, {sum(added.values()) / mb:.1f} MB"
    )
    for name, size in sorted(added.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<28} {size / mb:7.2f} MB")
    print(
        f"pip install --no-deps {args.pyvis}: {len(alone)} distribution, "
        f"{sum(alone.values()) / mb:.2f} MB (what kg reads: its vis-network files)"
    )
    print(light_install_works(args.pyvis, others))
    return 0


def light_install_works(requirement: str, others: list[str]) -> str:
    """Install kg without pyvis's dependencies and build the seed page's HTML with it."""
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, with_pip=True)
        python = Path(tmp) / "bin" / "python"
        _pip(python, *others)
        _pip(python, "--no-deps", requirement, "-e", str(ROOT))
        absent = "ipython" not in {n.lower() for n in installed(python)}
        out = Path(tmp) / "out"
        cmd = [str(python), "-m", "kg", "build", str(ROOT / "seeds"), "-o", str(out)]
        run = subprocess.run([*cmd, "--format", "html"], capture_output=True, text=True)
        page = out / "graph.html"
        built = run.returncode == 0 and page.is_file() and "vis-network" in page.read_text("utf-8")
    verdict = "works" if built and absent else "FAILS"
    return (
        f"light install (--no-deps pyvis, no IPython installed: {absent}): "
        f"kg build --format html {verdict}" + ("" if built else f" ({run.stderr.strip()[-300:]})")
    )


if __name__ == "__main__":
    sys.exit(main())
