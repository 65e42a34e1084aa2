"""The NER backend protocol and the registry that finds backends by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from kg.errors import BackendError
from kg.ner.backends import builtin_backends
from kg.types import Mention

__all__ = ["Backend", "register_backend", "get_backend", "check_backend", "available_backends"]


class Backend(Protocol):
    """Anything that turns texts into typed mentions.

    ``predict`` takes a batch of texts and returns, per text, mentions whose
    end-exclusive offsets point into that text and whose labels are kg types
    (PERSON, ORG, LOC, ...).
    """

    name: str

    def predict(self, texts: list[str]) -> list[list[Mention]]: ...


#: Factories registered at run time (a user's own backend); built-ins are found by module.
_REGISTRY: dict[str, Callable[..., Backend]] = {}
_CACHE: dict[tuple, Backend] = {}


def register_backend(name: str):
    """Register a backend factory under ``name`` (a decorator), e.g. for a backend of your own."""

    def decorator(factory: Callable[..., Backend]):
        _REGISTRY[name] = factory
        return factory

    return decorator


def available_backends() -> list[str]:
    return sorted(set(builtin_backends()) | set(_REGISTRY))


def _factory(name: str) -> Callable[..., Backend]:
    if name in _REGISTRY:
        return _REGISTRY[name]
    if name in builtin_backends():
        return importlib.import_module(f"kg.ner.backends.{name}").make_backend
    raise BackendError(
        f"unknown NER backend {name!r}; choose one of: {', '.join(available_backends())}"
    )


def check_backend(name: str) -> None:
    """Fail as :func:`get_backend` does for a name no backend has, without loading one."""
    _factory(name)


def get_backend(name: str = "kg", **options) -> Backend:
    """Return the backend called ``name``, created once per option set."""
    factory = _factory(name)
    key = (name, tuple(sorted((k, str(v)) for k, v in options.items())))
    if key not in _CACHE:
        _CACHE[key] = factory(**options)
    return _CACHE[key]
