"""`kg ner`, `kg evaluate-ner`, `kg train-ner` run in-process with CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import kg.ner
from kg.cli import main
from kg.model import default_model_dir
from kg.model.tags import spans_to_tags
from kg.ner.confidence import confidence_of
from kg.ner.registry import get_backend

HAS_MODEL = (default_model_dir() / "meta.json").is_file()

TINY = [
    ("张三在北京工作。", [(0, 2, "PER"), (3, 5, "LOC")]),
    ("李四访问上海。", [(0, 2, "PER"), (4, 6, "LOC")]),
    ("王五加入华为公司。", [(0, 2, "PER"), (4, 8, "ORG")]),
]


def _write_tiny_corpora(root):
    """MSRA-style BMES train, BIO test and CLUENER JSON lines, written by the test."""
    (root / "msra_ner").mkdir(parents=True)
    (root / "cluener2020").mkdir()
    bmes, bio = [], []
    for text, spans in TINY * 6:
        tags = spans_to_tags(len(text), spans)
        bmes += [f"{c} {t}" for c, t in zip(text, tags, strict=True)] + [""]
        bio += [
            f"{c}\t{t.replace('M-', 'I-').replace('E-', 'I-')}"
            for c, t in zip(text, tags, strict=True)
        ] + [""]
    (root / "msra_ner" / "msra_train_bmes.txt").write_text("\n".join(bmes), encoding="utf-8")
    (root / "msra_ner" / "msra_test_bio.txt").write_text(
        "\n".join(bio[: len(bio) // 6]), encoding="utf-8"
    )
    record = {
        "text": "孙七是华为公司员工",
        "label": {"name": {"孙七": [[0, 1]]}, "company": {"华为公司": [[3, 6]]}},
    }
    for name in ("train.json", "dev.json"):
        (root / "cluener2020" / name).write_text(
            (json.dumps(record, ensure_ascii=False) + "\n") * 4, encoding="utf-8"
        )
    return root


def _backend_only_recognize(texts, backend="kg", **options):
    # The NER half of kg.ner.recognize, without rules, so outputs depend on the backend only.
    return get_backend(backend, **options).predict(texts)


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setattr(kg.ner, "recognize", _backend_only_recognize, raising=False)
    return CliRunner()


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    return _write_tiny_corpora(tmp_path_factory.mktemp("corpora"))


@pytest.fixture(scope="module")
def trained(tmp_path_factory, corpora):
    out = tmp_path_factory.mktemp("cli") / "model"
    result = CliRunner().invoke(
        main,
        [
            "train-ner",
            "-o",
            str(out),
            "-c",
            str(corpora),
            "--arch",
            "crf",
            "--max-iterations",
            "30",
            "--c1",
            "0",
            "--minfreq",
            "0",
            "--dev-fraction",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    return out, result


@pytest.mark.parametrize("command", ["ner", "evaluate-ner", "train-ner"])
def test_help_ends_with_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert result.output.rstrip().splitlines()[-1].strip().startswith("-h, --help")


def test_train_ner_writes_model_and_reports(trained):
    out, result = trained
    assert (out / "ner.crfsuite").is_file() and (out / "meta.json").is_file()
    assert result.stdout.startswith(f"wrote {out / 'ner.crfsuite'} (")
    assert "Iteration #1" in result.stderr


@pytest.mark.slow
def test_train_ner_bilstm_writes_numpy_model(tmp_path, corpora):
    pytest.importorskip("torch")
    out = tmp_path / "nn"
    args = ["train-ner", "-o", str(out), "-c", str(corpora), "--epochs", "2", "--hidden", "8"]
    result = CliRunner().invoke(main, [*args, "--dev-fraction", "0"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out / 'ner.npz'} (")
    assert "epoch 2: dev F1" in result.stderr
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["config"]["hidden"] == 8 and len(meta["history"]) == 2
    [mentions] = get_backend("kg", model=str(out)).predict(["张三在北京工作。"])
    assert all(m.source == "kg" for m in mentions)


def test_train_ner_bilstm_without_torch_is_one_line(tmp_path, corpora, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "torch", None)
    result = CliRunner().invoke(main, ["train-ner", "-o", str(tmp_path / "m"), "-c", str(corpora)])
    assert result.exit_code == 1
    assert result.output == "Error: training the neural tagger needs torch: pip install torch\n"
    assert not (tmp_path / "m").exists()


def test_train_ner_epochs_zero_only_reattaches_and_says_what_it_needs(tmp_path, corpora):
    out = tmp_path / "m"
    args = ["train-ner", "-o", str(out), "-c", str(corpora), "--epochs", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output == (
        "Error: --epochs 0 needs --init MODEL and --crf CRF: it only re-attaches a CRF\n"
    )
    assert not out.exists()


@pytest.mark.slow
def test_ner_json_lines_in_input_order(runner, trained):
    out, _ = trained
    result = runner.invoke(
        main, ["ner", "-", "--model", str(out)], input="张三在北京工作。\n\n李四访问上海。\r\n"
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines == [
        {
            "text": "张三在北京工作。",
            "entities": [
                {"start": 0, "end": 2, "label": "PERSON", "text": "张三"},
                {"start": 3, "end": 5, "label": "LOC", "text": "北京"},
            ],
        },
        {"text": "", "entities": []},
        {
            "text": "李四访问上海。",
            "entities": [
                {"start": 0, "end": 2, "label": "PERSON", "text": "李四"},
                {"start": 4, "end": 6, "label": "LOC", "text": "上海"},
            ],
        },
    ]
    assert "张三" in result.output  # not \u-escaped


@pytest.mark.slow
def test_ner_min_confidence_leaves_out_the_unsure_names_only():
    runner = CliRunner()  # the whole entity layer, model and rules
    text = "国务院总理李强在北京会见了比尔·盖茨。\n"
    every = json.loads(runner.invoke(main, ["ner", "-"], input=text).output)["entities"]
    result = runner.invoke(main, ["ner", "-", "--min-confidence", "0.85"], input=text)
    assert result.exit_code == 0, result.output
    sure = json.loads(result.output)["entities"]
    assert any(e.get("confidence", 1) < 0.85 for e in every)
    assert sure == [e for e in every if e.get("confidence", 1) >= 0.85]
    assert {"start": 3, "end": 5, "label": "TITLE", "text": "总理"} in sure  # no confidence
    person = {"start": 5, "end": 7, "label": "PERSON", "text": "李强", "evidence": "model+rules"}
    assert {**person, "confidence": confidence_of("PERSON", "model+rules")} in every


def test_ner_min_confidence_outside_0_1_is_refused(runner):
    result = runner.invoke(main, ["ner", "-", "--min-confidence", "2"], input="文本\n")
    assert result.exit_code == 2
    assert "Invalid value for '--min-confidence': 2.0 is not in the range" in result.output


def test_ner_reads_a_file_with_jieba(runner, tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("我爱北京天安门\n", encoding="utf-8")
    result = runner.invoke(main, ["ner", str(path), "--backend", "jieba"])
    assert result.exit_code == 0, result.output
    [line] = result.output.splitlines()
    record = json.loads(line)
    assert record["text"] == "我爱北京天安门"
    assert {"start": 2, "end": 4, "label": "LOC", "text": "北京"} in record["entities"]


def test_ner_unknown_backend_is_an_error(runner):
    result = runner.invoke(main, ["ner", "-", "--backend", "nope"], input="文本\n")
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown NER backend 'nope'; choose one of: ")


def test_ner_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["ner", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "missing.txt" in result.output and "No such file" in result.output


@pytest.mark.slow
def test_evaluate_ner_table(runner, corpora, trained):
    out, _ = trained
    result = runner.invoke(
        main, ["evaluate-ner", "-b", f"kg={out}", "-b", "jieba", "-c", str(corpora)]
    )
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines()]
    assert rows[0] == ["backend", "dataset", "type", "P", "R", "F1", "chars/s"]
    assert len(rows) == 1 + 2 * 2 * 4
    assert [r[:3] for r in rows[1:5]] == [
        ["kg", "msra-test", "PER"],
        ["kg", "msra-test", "ORG"],
        ["kg", "msra-test", "LOC"],
        ["kg", "msra-test", "ALL"],
    ]
    assert rows[4][3:6] == ["100.00", "100.00", "100.00"]  # the tiny model on its own data
    assert float(rows[4][6]) > 0
    assert rows[9][:2] == ["jieba", "msra-test"]


@pytest.mark.slow
def test_evaluate_ner_one_dataset_with_model(runner, corpora, trained):
    out, _ = trained
    result = runner.invoke(
        main, ["evaluate-ner", "-m", str(out), "-d", "cluener-dev", "-c", str(corpora)]
    )
    assert result.exit_code == 0, result.output
    assert [line.split()[1] for line in result.output.splitlines()[1:]] == ["cluener-dev"] * 4


def test_evaluate_ner_errors(runner, tmp_path):
    result = runner.invoke(main, ["evaluate-ner", "-b", "jieba", "-c", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: corpus file not found: ")
    result = runner.invoke(
        main, ["evaluate-ner", "-b", "kg", "-b", "jieba", "-m", "x", "-c", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "--model/--option need exactly one --backend" in result.output


def test_train_ner_missing_corpora(tmp_path):
    # the CRF trainer needs no torch, so this runs everywhere
    args = ["train-ner", "-o", str(tmp_path / "m"), "--arch", "crf", "-c", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "Error: corpus file not found: " in result.output
    assert "KG_CORPORA" in result.output


def test_corpora_folder_is_required_or_taken_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_CORPORA", raising=False)
    result = CliRunner().invoke(main, ["evaluate-ner", "-b", "jieba"])
    assert result.exit_code == 2 and "Missing option '-c' / '--corpora'" in result.output
    monkeypatch.setenv("KG_CORPORA", str(tmp_path))
    result = CliRunner().invoke(main, ["evaluate-ner", "-b", "jieba"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: corpus file not found: {tmp_path}")


@pytest.mark.slow
@pytest.mark.skipif(not HAS_MODEL, reason="no model in kg/data/model")
def test_ner_with_the_real_recognize():
    result = CliRunner().invoke(main, ["ner", "-"], input="国务院总理李强在北京会见了美国总统。\n")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    labels = {(e["text"], e["label"]) for e in record["entities"]}
    assert {("李强", "PERSON"), ("北京", "LOC")} <= labels


def test_train_ner_set_reaches_the_config(tmp_path, corpora):
    out = tmp_path / "m"
    args = ["train-ner", "-o", str(out), "-c", str(corpora), "--arch", "crf"]
    args += ["--max-iterations", "5", "--dev-fraction", "0", "-S", "domain_features=false"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["config"]["domain_features"] is False


def test_train_ner_set_rejects_unknown_settings(tmp_path, corpora):
    args = ["train-ner", "-o", str(tmp_path), "-c", str(corpora), "--arch", "crf", "-S", "x=1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "KEY one of c1, c2," in result.output


def test_train_ner_defaults_are_the_trainers():
    """The CLI states its defaults without importing the trainer; they must agree."""
    from kg.cli.train import train_ner_command
    from kg.training.train_neural import NeuralConfig

    defaults = {p.name: p.default for p in train_ner_command.params}
    assert (defaults["epochs"], defaults["hidden"], defaults["lr"]) == (
        NeuralConfig.epochs,
        NeuralConfig.hidden,
        NeuralConfig.lr,
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "总投资约30亿元。",
            {"label": "MONEY", "text": "约30亿元", "value": 3e9, "value_max": 3e9, "unit": "CNY",
             "approx": True},
        ),
        (
            "投资3亿元至5亿元。",
            {"label": "MONEY", "text": "3亿元至5亿元", "value": 3e8, "value_max": 5e8,
             "unit": "CNY", "approx": False},
        ),
        (
            "300多位代表参会。",
            {"label": "QUANTITY", "text": "300多位", "value": 300.0, "value_max": 300.0,
             "unit": "位", "approx": True},
        ),
        (
            "同比增长12.5%。",
            {"label": "PERCENT", "text": "12.5%", "value": 12.5, "value_max": 12.5, "unit": "%",
             "approx": False},
        ),
    ],
)  # fmt: skip
def test_ner_json_gives_amounts_their_value(line, expected):
    # the amount rules run with any backend; jieba keeps this test free of the model
    result = CliRunner().invoke(main, ["ner", "-", "--backend", "jieba"], input=line + "\n")
    assert result.exit_code == 0, result.output
    entities = json.loads(result.output)["entities"]
    amounts = [e for e in entities if e["label"] == expected["label"]]
    assert [{k: v for k, v in e.items() if k not in ("start", "end")} for e in amounts] == [
        expected
    ]
    assert type(amounts[0]["approx"]) is bool and type(amounts[0]["value"]) is float


def test_ner_json_names_carry_no_amount_fields():
    result = CliRunner().invoke(main, ["ner", "-", "--backend", "jieba"], input="我爱北京天安门\n")
    # a name carries how kg found it and how sure kg is of it, no amount fields
    fields = {"start", "end", "label", "text", "evidence", "confidence"}
    assert set(json.loads(result.output)["entities"][0]) == fields
