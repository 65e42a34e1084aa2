"""Exceptions kg raises; the CLI turns them into one-line errors."""

__all__ = [
    "KGError",
    "InputError",
    "BackendError",
    "RuleError",
    "GraphError",
    "OutputLocked",
    "UnknownEntity",
]


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError):
    """An input path or text cannot be used (missing, empty, binary, undecodable)."""


class BackendError(KGError):
    """An NER backend is unknown, not installed or failed to load."""


class RuleError(KGError):
    """A rule, lexicon or label-map data file is invalid."""


class GraphError(KGError):
    """A graph file cannot be read or does not follow the kg graph contract."""


class OutputLocked(KGError):
    """Another build is writing the same output folder."""


class UnknownEntity(KGError):
    """A name given to a query matches no entity; carries suggestions."""

    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"no entity named {name!r} in the graph"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)
