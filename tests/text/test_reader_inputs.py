"""Reading at corpus scale and under hostile input: lines, tables, JSON Lines from stdin,
skipped documents reported, never a traceback, one document at a time."""

from __future__ import annotations

import io
import json
import os
import types
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.text import ReadOptions, ReadReport, iter_documents, read_inputs

ROOT = Path(__file__).resolve().parents[2]
CNEWS = ROOT.parent / "shared" / "corpora" / "thucnews_sample" / "cnews.val.txt"
#: lines of cnews.val.txt nobody may read (held out); the tests use lines 301–400 only
DEV_LINES = range(301, 401)


def _read(paths, **options):
    report = ReadReport()
    docs = read_inputs([str(p) for p in paths], options=ReadOptions(**options), report=report)
    return docs, report


# --------------------------------------------------------------------------- JSON Lines


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\r"])
def test_jsonl_records_split_on_newline_only(tmp_path, separator):
    path = tmp_path / "feed.jsonl"
    records = [{"id": "a", "text": f"第一段。{separator}第二段。"}, {"id": "b", "text": "另一篇。"}]
    lines = (json.dumps(r, ensure_ascii=False) for r in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, report = _read([path])
    assert [d.id for d in docs] == ["a", "b"] and report.skipped_count == 0
    assert docs[0].text.startswith("第一段。") and docs[0].text.endswith("第二段。")


def test_huge_integer_id_and_deep_nesting_skip_their_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        '{"id": ' + "9" * 4301 + ', "text": "超长编号。"}',
        '{"id": "ok", "text": "正常。"}',
        "[" * 100_000 + "]" * 100_000,
        '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, report = _read([path])
    assert [d.id for d in docs] == ["ok"]
    assert [(s.source, s.reason.split(":")[0]) for s in report.skipped] == [
        (f"{path}:1", "bad JSON on line 1"),
        (f"{path}:3", "bad JSON on line 3"),
        (f"{path}:4", "bad JSON on line 4"),
    ]
    assert all("\n" not in s.reason and len(s.reason) < 200 for s in report.skipped)


def test_lone_surrogate_from_a_json_escape_is_replaced(tmp_path, caplog):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id":"s","text":"市委书记\\ud800张三主持会议。"}\n', encoding="utf-8")
    [doc], _ = _read([path])
    assert doc.text == "市委书记\ufffd张三主持会议。" and doc.raw == doc.text
    assert f"{path}:1: replaced 1 invalid code point" in caplog.text
    (tmp_path / "id.jsonl").write_text('{"id":"\\udfff","text":"好。"}\n', encoding="utf-8")
    [doc], _ = _read([tmp_path / "id.jsonl"])
    assert doc.id == "\ufffd"


def test_noncharacter_in_a_text_file_is_replaced(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes("市委书记刘并".encode() + b"\xef\xbf\xbe" + "主持会议。\n".encode())
    [doc], _ = _read([path])
    assert doc.text == "市委书记刘并\ufffd主持会议。"


def test_jsonl_from_stdin():
    feed = "\n".join(
        json.dumps({"id": f"n{i}", "text": f"第{i}篇。", "category": "体育"}, ensure_ascii=False)
        for i in range(3)
    )
    docs = read_inputs(["-"], stdin_text=feed.encode())
    assert [(d.id, d.attrs) for d in docs] == [(f"n{i}", {"category": "体育"}) for i in range(3)]
    # a text that merely starts with a brace stays one document
    [doc] = read_inputs(["-"], stdin_text="{平湖}日报。")
    assert doc.id == "stdin"


def test_stdin_is_read_lazily():
    class Feed(io.RawIOBase):
        """Two records, then an error: the first document must come out before it."""

        def __init__(self):
            self.parts = [b'{"id": "a", "text": "\xe7\xac\xac\xe4\xb8\x80\xe3\x80\x82"}\n']

        def readable(self):
            return True

        def readinto(self, buffer):
            if not self.parts:
                raise AssertionError("read past the first record")
            data = self.parts.pop()
            buffer[: len(data)] = data
            return len(data)

    docs = iter_documents(["-"], ReadOptions(input_format="jsonl"), stdin_text=Feed())
    assert isinstance(docs, types.GeneratorType)
    assert next(docs).id == "a"


# --------------------------------------------------------------------------- lines, tables


def test_one_document_per_line_with_columns(tmp_path):
    path = tmp_path / "cnews.txt"
    path.write_text("体育\t马晓旭意外受伤。\n\n娱乐\t周杰伦发新专辑。\n坏行\n", encoding="utf-8")
    docs, report = _read([path], columns=("category", "text"))
    assert [(d.id, d.text, d.attrs) for d in docs] == [
        ("cnews:1", "马晓旭意外受伤。", {"category": "体育"}),
        ("cnews:3", "周杰伦发新专辑。", {"category": "娱乐"}),
    ]
    assert [str(s) for s in report.skipped] == [
        f"{path}:4: wrong number of fields on line 4: 1, expected 2"
    ]


def test_lines_without_columns(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes("第一篇。\r\n第二篇。\n".encode("gbk"))
    docs, _ = _read([path], input_format="lines")
    assert [(d.id, d.text) for d in docs] == [("lines:1", "第一篇。"), ("lines:2", "第二篇。")]


@pytest.mark.parametrize(
    ("name", "content", "options"),
    [
        ("news.tsv", "id\tcategory\ttext\nn1\t体育\t马晓旭受伤。\n", {}),
        ("news.csv", 'id,category,text\nn1,体育,"马晓旭受伤。"\n', {}),
        ("news.csv", 'id,category,body\nn1,体育,"马晓旭受伤。"\n', {"text_column": "body"}),
        ("raw.csv", "n1,体育,马晓旭受伤。\n", {"columns": ("id", "category", "text")}),
    ],
)
def test_tables_keep_other_columns(tmp_path, name, content, options):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [doc], _ = _read([path], **options)
    assert (doc.id, doc.text, doc.attrs) == ("n1", "马晓旭受伤。", {"category": "体育"})


def test_table_without_its_text_column_is_one_line_error(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,好。\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"news\.csv: no column named 'text' \(columns: id, body\)"
    ):
        _read([path])


def test_columns_must_name_the_text_column():
    with pytest.raises(InputError, match="no text column 'text'"):
        ReadOptions(columns=("category", "body"))
    with pytest.raises(InputError, match="distinct and not empty, got 'category,,text'"):
        ReadOptions(columns=("category", "", "text"))
    with pytest.raises(InputError, match="distinct and not empty, got 'text,text'"):
        ReadOptions(columns=("text", "text"))
    with pytest.raises(InputError, match="unknown input format 'xml'"):
        ReadOptions(input_format="xml")


@pytest.mark.skipif(not CNEWS.is_file(), reason="needs ../shared/corpora")
def test_thucnews_lines_are_documents_with_their_category(tmp_path):
    with CNEWS.open(encoding="utf-8") as lines:
        dev = [line for number, line in enumerate(lines, 1) if number in DEV_LINES]
    path = tmp_path / "dev.txt"
    path.write_text("".join(dev), encoding="utf-8")
    docs, report = _read([path], columns=("category", "text"))
    assert len(docs) == 100 and report.skipped_count == 0
    assert {d.attrs["category"] for d in docs} >= {"体育", "娱乐"}


def test_a_bad_line_in_a_big_file_is_skipped_alone(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes("第一篇。\n".encode() + b"\xff\xfe\xfd\n" + "第三篇。\n".encode())
    docs, report = _read([path], input_format="lines")
    assert [d.id for d in docs] == ["lines:1", "lines:3"]
    assert [str(s) for s in report.skipped] == [f"{path}:2: cannot decode line 2"]


# --------------------------------------------------------------------------- folders


def test_hundred_files_with_three_binary_build_the_97(tmp_path):
    for i in range(100):
        data = os.urandom(200) + b"\x00" if i in (7, 50, 93) else f"第{i}篇新闻。".encode()
        (tmp_path / f"{i:03d}.txt").write_bytes(data)
    docs, report = _read([tmp_path])
    assert len(docs) == 97
    assert [Path(s.source).name for s in report.skipped] == ["007.txt", "050.txt", "093.txt"]
    assert report.summary().startswith("Documents: 97 read, 3 skipped (binary file: 3")
    attrs = report.graph_attributes()
    assert attrs["skipped"] == 3 and attrs["skipped_docs"].count("\n") == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty input"), ("（下转2版）".encode(), "no text left after normalisation")],
)
def test_an_empty_file_is_a_skipped_document(tmp_path, data, reason):
    (tmp_path / "a.txt").write_text("好。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(data)
    docs, report = _read([tmp_path])
    assert [d.id for d in docs] == ["a.txt"]
    assert [str(s) for s in report.skipped] == [f"{tmp_path}/b.txt: {reason}"]


def test_links_fifos_and_unreadable_folders_are_reported(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text("好。", encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("锁。", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # root reads any folder; refuse this one as a user's chmod 000
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, report = _read([tmp_path])
    assert [d.id for d in docs] == ["good.txt"]
    assert sorted(str(s).removeprefix(f"{tmp_path}/") for s in report.skipped) == [
        "dangling.txt: dangling symbolic link",
        "locked: cannot read folder: Permission denied",
        "loop.txt: symbolic link loop",
        "pipe.txt: not a regular file (a FIFO)",
        "sub/up: symbolic link loop (folder already read)",
    ]


def test_a_fifo_given_directly_is_skipped_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match=r"pipe\.txt: not a regular file \(a FIFO\)"):
        _read([tmp_path / "pipe.txt"])


def test_nothing_readable_is_one_error_naming_the_first(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01" * 50)
    with pytest.raises(InputError, match=r"a\.txt: empty input \(and 1 more skipped\)$"):
        _read([tmp_path])


@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-8-sig"])
@pytest.mark.parametrize(
    ("name", "body", "fmt"),
    [
        ("a.txt", "张三在北京。", "auto"),
        ("a.jsonl", '{"id": "a", "text": "张三在北京。"}', "auto"),
        ("a.txt", "张三在北京。", "lines"),
    ],
)
def test_a_utf8_bom_never_stays_in_the_text(tmp_path, name, body, fmt, encoding):
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    [doc], _ = _read([path], input_format=fmt, encoding=encoding)
    assert doc.raw == "张三在北京。" and doc.text == "张三在北京。"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_bom_never_stays_in_the_lines(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeff张三。\n李四。\n".encode("utf-16-le"))
    docs, _ = _read([path], input_format="lines", encoding=encoding)
    assert [d.raw for d in docs] == ["张三。", "李四。"]


def test_stdin_jsonl_with_a_first_record_longer_than_a_chunk():
    long = "市委书记张三主持会议。" * 120_000  # 1.3 M characters, 4 MB in UTF-8
    feed = json.dumps({"id": "long", "text": long}, ensure_ascii=False) + '\n{"text": "短。"}\n'
    docs = read_inputs(["-"], stdin_text=io.BytesIO(feed.encode()))
    assert [d.id for d in docs] == ["long", "stdin:2"]
    assert len(docs[0].text) == len(long)


def test_a_table_read_as_one_document_gets_a_hint(tmp_path, caplog):
    path = tmp_path / "cnews.txt"
    path.write_text("".join(f"体育\t第{i}篇。\n" for i in range(30)), encoding="utf-8")
    [doc], _ = _read([path])
    assert "--lines --columns" in caplog.text and "2 tab-separated fields" in caplog.text
