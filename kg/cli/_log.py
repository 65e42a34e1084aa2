"""Warnings of the library (logging) shown on stderr while a command runs."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import click

__all__ = ["warnings_to_stderr"]


class _ClickHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


@contextlib.contextmanager
def warnings_to_stderr() -> Iterator[None]:
    """Print kg's warnings (``warning: a.txt: replaced 1 invalid code point ...``) on stderr."""
    logger = logging.getLogger("kg")
    handler = _ClickHandler(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
