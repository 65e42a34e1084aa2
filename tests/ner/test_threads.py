"""The model runs with one BLAS thread (kg.model.threads), whatever the caller's setting."""

from __future__ import annotations

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from kg.model import load_model
from kg.model.threads import blas_threads, model_threads


def _blas_threads_now() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 1), ("3", 3), ("0", 0), ("junk", 1), ("-2", 0)]
)
def test_blas_threads_reads_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("KG_BLAS_THREADS", raising=False)
    else:
        monkeypatch.setenv("KG_BLAS_THREADS", value)
    assert blas_threads() == expected


def test_model_threads_limits_and_restores(monkeypatch):
    monkeypatch.delenv("KG_BLAS_THREADS", raising=False)
    if not _blas_threads_now():
        pytest.skip("numpy here has no BLAS that threadpoolctl can see")
    with threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads_now() == {2}
        with model_threads():
            assert _blas_threads_now() == {1}
        assert _blas_threads_now() == {2}  # the caller's setting is back


@pytest.mark.slow
def test_the_tagger_runs_with_one_blas_thread(monkeypatch):
    monkeypatch.delenv("KG_BLAS_THREADS", raising=False)
    tagger = load_model()
    if not _blas_threads_now():
        pytest.skip("numpy here has no BLAS that threadpoolctl can see")
    seen = []
    real = tagger.model.emissions

    def spy(*args):
        seen.append(_blas_threads_now())
        return real(*args)

    monkeypatch.setattr(tagger.model, "emissions", spy)
    with threadpool_limits(limits=2, user_api="blas"):
        spans = tagger.tag_many(["国务院总理温家宝在北京会见了美国总统奥巴马。"])
    assert seen and all(s == {1} for s in seen)
    assert any(label == "PER" for _, _, label in spans[0])
