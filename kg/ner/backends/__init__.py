"""The built-in NER backends, one module each, found by name.

A module ``kg/ner/backends/NAME.py`` is the backend ``NAME``: it defines
``make_backend(**options)``, which returns an object with ``name`` and
``predict(texts) -> list[list[Mention]]``. Modules are imported only when their backend
is asked for, so a heavy dependency (hanlp, spaCy models) loads only when used; adding a
backend is adding one file. Modules whose names start with ``_`` are helpers.
"""

from __future__ import annotations

import pkgutil

__all__ = ["builtin_backends"]


def builtin_backends() -> list[str]:
    """Names of the backend modules in this package."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
