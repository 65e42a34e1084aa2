"""How many threads numpy's BLAS may use while kg's model runs.

kg multiplies small matrices one character step at a time; a BLAS that starts a thread per
core for each of them spends more time waking threads than multiplying, and on a busy
machine the threads fight each other (one benchmark: 49 CPU-seconds with the default threads,
5.5 with one, on the same 150 articles). So the model runs with ONE BLAS thread by default;
parallel work comes from processes (``kg build --jobs``). The setting is scoped to the
model's own calls and restored afterwards, so a caller's numpy keeps its threads.

``KG_BLAS_THREADS=N`` in the environment allows N threads (``0``: leave BLAS alone).
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache

__all__ = ["blas_threads", "model_threads"]


def blas_threads() -> int:
    """The BLAS thread count kg's model runs with (``KG_BLAS_THREADS``, default 1)."""
    raw = os.environ.get("KG_BLAS_THREADS", "1").strip()
    try:
        return max(0, int(raw))
    except ValueError:
        return 1


@lru_cache(maxsize=1)
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def model_threads():
    """A context in which BLAS uses :func:`blas_threads` threads (a no-op for ``0``)."""
    n = blas_threads()
    if n == 0:
        return contextlib.nullcontext()
    return _controller().limit(limits=n, user_api="blas")
