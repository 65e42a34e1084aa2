"""The ``kg`` command line: a thin layer over the Python API.

Importing this package adds every command module's commands to :data:`main`; the Python
API each command calls (the model, the trainers) is imported only when it runs.
"""

from __future__ import annotations

from kg.cli import build, ner, query, train, view  # noqa: F401  (each adds its commands)
from kg.cli.group import main

__all__ = ["main"]
