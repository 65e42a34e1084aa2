"""Reading files, folders, JSON lines and stdin; encodings; every bad input."""

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.text import ReadReport, decode_bytes, normalize, read_inputs

SEED = Path(__file__).parents[2] / "seeds" / "000_56421505ce6c9c76.txt"
CHINESE = "平湖市召开2025中日机器人产业合作对接会。\n市领导周军波、何健出席，“智汇机器人”！\n"


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"],
)
def test_encodings_round_trip(tmp_path, encoding):
    path = tmp_path / "news.txt"
    path.write_bytes(CHINESE.encode(encoding))
    [doc] = read_inputs([str(path)])
    assert doc.raw == CHINESE
    assert doc.text == normalize(CHINESE)[0]
    assert doc.id == "news.txt"
    assert doc.source == str(path)


def test_gb18030_only_characters():
    text = "𠀀平湖日报，欢迎！"  # 𠀀 is in GB18030 but not GBK
    assert decode_bytes(text.encode("gb18030"), "x.txt") == text


def test_seed_file():
    [doc] = read_inputs([str(SEED)])
    assert doc.id == SEED.name
    assert doc.raw == SEED.read_text(encoding="utf-8")
    assert doc.text == normalize(doc.raw)[0]
    assert doc.text.startswith("全力打造人工智能")


def test_folder_is_read_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("第三篇。", encoding="utf-8")
    (tmp_path / "a.txt").write_text("第一篇。", encoding="gbk")
    (tmp_path / "b" / "a.jsonl").write_text(
        json.dumps({"id": "r1", "text": "第二篇。"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (tmp_path / "notes.md").write_text("忽略。", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("忽略。", encoding="utf-8")
    docs = read_inputs([str(tmp_path)])
    assert [(d.id, d.text) for d in docs] == [
        ("a.txt", "第一篇。"),
        ("r1", "第二篇。"),
        ("b/z.txt", "第三篇。"),
    ]
    assert docs[2].source == str(tmp_path / "b" / "z.txt")


def test_jsonl_records(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {"id": "n1", "text": "平湖 ,日报。", "date": "2025-06-25", "title": "标题"},
            ensure_ascii=False,
        ),
        "",
        json.dumps({"text": "没有编号。"}, ensure_ascii=False),
        json.dumps({"id": 7, "text": "数字编号。"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = read_inputs([str(path)])
    assert [(d.id, d.text, d.date, d.title) for d in docs] == [
        ("n1", "平湖，日报。", "2025-06-25", "标题"),
        ("feed:3", "没有编号。", "", ""),
        ("7", "数字编号。", "", ""),
    ]
    assert docs[0].raw == "平湖 ,日报。"
    assert docs[1].source == f"{path}:3"


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ("昨天,以", "昨天，以"),
        ("昨天,以".encode("gbk"), "昨天，以"),
        ("昨天,以".encode("utf-16"), "昨天，以"),
    ],
)
def test_stdin(stdin, expected):
    [doc] = read_inputs(["-"], stdin_text=stdin)
    assert (doc.id, doc.source, doc.text) == ("stdin", "stdin", expected)


def test_stdin_with_files(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("文件。", encoding="utf-8")
    docs = read_inputs([str(path), "-"], stdin_text="输入。")
    assert [d.id for d in docs] == ["a.txt", "stdin"]


def test_progress_bar_for_many_files_only(tmp_path, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("文件。", encoding="utf-8")
    assert len(read_inputs([str(tmp_path / "a.txt")], progress=True)) == 1
    assert "reading" not in capsys.readouterr().err
    assert len(read_inputs([str(tmp_path)], progress=True)) == 2
    assert "reading" in capsys.readouterr().err


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", r"empty\.txt: empty input"),
        ("blank.txt", b" \n\t\r\n", r"blank\.txt: empty input"),
        ("blank16.txt", " \n \n".encode("utf-16"), r"blank16\.txt: empty input"),
        ("bom-only.txt", b"\xef\xbb\xbf", r"bom-only\.txt: empty input"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", r"image\.txt: binary"),
        ("controls.txt", bytes(range(1, 9)) * 20, r"controls\.txt: binary"),
        ("junk.txt", bytes([0xFF, 0x81, 0xFE, 0x30, 0xC0]) * 9, r"junk\.txt: cannot decode"),
        ("bad-bom.txt", b"\xef\xbb\xbf\xff\xff", r"bad-bom\.txt: cannot decode .* utf-8"),
        ("list.jsonl", b'["text"]\n', r"list\.jsonl:1: not a JSON object \(line 1\)"),
        ("notext.jsonl", b'{"id": "a", "body": "x"}\n', r"notext\.jsonl:1: .* no \"text\""),
        ("emptytext.jsonl", b'{"id": "a", "text": "  "}\n', r"emptytext\.jsonl:1: .* empty"),
        (
            "badid.jsonl",
            b'{"id": ["a"], "text": "x"}\n',
            r"badid\.jsonl:1: bad record on line 1: \"id\" must be a string",
        ),
        ("blank.jsonl", b"\n\n", r"blank\.jsonl: empty input"),
        ("marker.txt", "（下转2版）".encode(), r"marker\.txt: no text left"),
    ],
)
def test_bad_files(tmp_path, name, data, message):
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError, match=message):
        read_inputs([path])


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file or folder"):
        read_inputs([str(tmp_path / "nope.txt")])


def test_folder_without_inputs(tmp_path):
    (tmp_path / "notes.md").write_text("说明", encoding="utf-8")
    with pytest.raises(InputError, match="folder has no .txt, .jsonl"):
        read_inputs([str(tmp_path)])


def test_bad_file_in_folder_is_skipped_and_named(tmp_path):
    _write(tmp_path, "good.txt", "好。".encode())
    _write(tmp_path, "sub/empty.txt", b"")
    report = ReadReport()
    assert [d.id for d in read_inputs([str(tmp_path)], report=report)] == ["good.txt"]
    assert [str(s) for s in report.skipped] == [f"{tmp_path}/sub/empty.txt: empty input"]


def test_same_file_twice_is_a_skipped_duplicate(tmp_path):
    path = _write(tmp_path, "a.txt", "好。".encode())
    report = ReadReport()
    assert len(read_inputs([path, path], report=report)) == 1
    assert report.skipped[0].reason == f"duplicate document id 'a.txt' (first read from {path})"


def test_bad_records_are_skipped_with_their_line(tmp_path):
    path = _write(
        tmp_path,
        "feed.jsonl",
        b'{"id": "a", "text": "x"}\n{"text": oops}\n{"id": "a", "text": "y"}\n[1]\n',
    )
    report = ReadReport()
    assert [d.id for d in read_inputs([path], report=report)] == ["a"]
    assert [str(s) for s in report.skipped] == [
        f"{path}:2: bad JSON on line 2: Expecting value",
        f"{path}:3: duplicate document id 'a' (first read from {path}:1)",
        f"{path}:4: not a JSON object (line 4)",
    ]
    assert report.summary() == (
        "Documents: 1 read, 3 skipped (bad JSON: 1, duplicate document id: 1, not a JSON object: 1)"
    )


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "stdin: empty input"),
        ("  \n", "stdin: empty input"),
        (b"\x00\x01\x02", "stdin: binary"),
    ],
)
def test_bad_stdin(stdin, message):
    with pytest.raises(InputError, match=message):
        read_inputs(["-"], stdin_text=stdin)


def test_no_inputs():
    with pytest.raises(InputError, match="no inputs given"):
        read_inputs([])


def test_errors_are_one_line(tmp_path):
    path = _write(tmp_path, "bad.jsonl", b'{"text": \n')
    with pytest.raises(InputError) as info:
        read_inputs([path])
    assert "\n" not in str(info.value)
