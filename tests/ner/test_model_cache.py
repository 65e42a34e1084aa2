"""The lexicon kept in kg's cache folder: read back equal, keyed by its dictionary, rebuilt
when broken."""

from __future__ import annotations

import pytest

from kg.model import cache
from kg.model.features import Lexicon, load_lexicon

DICT = "北京市 100 ns\n人民政府 50 nt\n张三丰 10 nr\n北京 90 ns\n政府 80 n\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    load_lexicon.cache_clear()
    yield tmp_path / "cache"
    load_lexicon.cache_clear()


def _dict(tmp_path, text=DICT):
    path = tmp_path / "dict.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_second_load_reads_the_cache_and_finds_the_same_words(tmp_path, cache_dir):
    path = _dict(tmp_path)
    built = load_lexicon(path)
    (cached_file,) = cache_dir.glob("lexicon-*.pickle")
    assert built.digest in cached_file.name
    load_lexicon.cache_clear()
    read = load_lexicon(path)
    assert read is not built
    assert read._table == built._table == Lexicon.from_jieba_dict(path)._table
    assert read.hits("北京市人民政府张三丰") == [
        (0, 2, "s"),
        (0, 3, "s"),
        (3, 7, "t"),
        (5, 7, "w"),
        (7, 10, "r"),
    ]


def test_another_dictionary_is_not_read_through_the_old_cache(tmp_path, cache_dir):
    load_lexicon(_dict(tmp_path))
    load_lexicon.cache_clear()
    other = load_lexicon(_dict(tmp_path, "上海市 100 ns\n"))
    assert other.hits("北京市上海市") == [(3, 6, "s")]
    assert len(list(cache_dir.glob("lexicon-*.pickle"))) == 2


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])  # 1 is no Lexicon
def test_a_broken_cache_file_is_rebuilt(tmp_path, cache_dir, content):
    path = _dict(tmp_path)
    load_lexicon(path)
    (cached_file,) = cache_dir.glob("lexicon-*.pickle")
    cached_file.write_bytes(content)
    load_lexicon.cache_clear()
    assert load_lexicon(path).hits("北京市") == [(0, 2, "s"), (0, 3, "s")]
    assert cached_file.read_bytes() != content  # written again


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "kg"))
    load_lexicon.cache_clear()
    try:
        assert load_lexicon(_dict(tmp_path)).hits("北京市") == [(0, 2, "s"), (0, 3, "s")]
    finally:
        load_lexicon.cache_clear()


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "kg"
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
