"""Atomic writes: whole files or nothing, with ordinary permissions."""

from __future__ import annotations

import os

import pytest

from kg.export._atomic import atomic_path


def test_file_appears_only_on_success(tmp_path):
    target = tmp_path / "out" / "graph.txt"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("boom")
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_file_has_umask_permissions(tmp_path):
    target = tmp_path / "graph.txt"
    with atomic_path(target) as tmp:
        tmp.write_text("图", encoding="utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert target.read_text(encoding="utf-8") == "图"
