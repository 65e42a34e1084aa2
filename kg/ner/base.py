"""The NER backend protocol and the registry that picks backends by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from kg.errors import BackendError
from kg.types import Mention

__all__ = ["Backend", "register_backend", "get_backend", "available_backends"]


class Backend(Protocol):
    """Anything that turns texts into typed mentions.

    ``predict`` takes a batch of texts and returns, per text, mentions whose
    end-exclusive offsets point into that text and whose labels are kg types
    (PERSON, ORG, LOC, ...).
    """

    name: str

    def predict(self, texts: list[str]) -> list[list[Mention]]: ...


_REGISTRY: dict[str, Callable[..., Backend]] = {}
_CACHE: dict[tuple, Backend] = {}


def register_backend(name: str):
    """Register a backend factory under ``name`` (a decorator)."""

    def decorator(factory: Callable[..., Backend]):
        _REGISTRY[name] = factory
        return factory

    return decorator


def available_backends() -> list[str]:
    _load_builtin_backends()
    return sorted(_REGISTRY)


def get_backend(name: str = "kg", **options) -> Backend:
    """Return the backend registered as ``name``, created once per option set."""
    _load_builtin_backends()
    if name not in _REGISTRY:
        raise BackendError(
            f"unknown NER backend {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}"
        )
    key = (name, tuple(sorted((k, str(v)) for k, v in options.items())))
    if key not in _CACHE:
        _CACHE[key] = _REGISTRY[name](**options)
    return _CACHE[key]


def _load_builtin_backends() -> None:
    # Importing the modules registers their backends; heavy imports stay inside factories.
    from kg.ner import backends  # noqa: F401


def batched(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
