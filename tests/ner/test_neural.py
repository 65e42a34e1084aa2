"""The neural tagger: encoding, the numpy forward pass against torch, CRF decoding and loss."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from kg.errors import BackendError
from kg.model import load_model
from kg.model.features import load_lexicon, normalize
from kg.model.tagger import (
    TAGS,
    NeuralTagger,
    Vocab,
    allowed_transitions,
    encode,
    feature_size,
    viterbi,
)
from kg.ner.registry import get_backend

from .corpora import write_tiny_corpora

K = len(TAGS)


def _valid(path: list[int]) -> bool:
    tags = [TAGS[p] for p in path]
    if tags[0][0] in "ME" or tags[-1][0] in "BM":
        return False
    ok = allowed_transitions()
    return all(ok[a, b] for a, b in itertools.pairwise(path))


# --- encoding ----------------------------------------------------------------------


def test_encode_ids_lexicon_class_and_domain():
    vocab = Vocab(list("北京张三"), ["北京", "\x02张"])
    ids, feats = encode("张三在北京１", vocab, load_lexicon(), domain=1, n_domains=2)
    assert ids.shape == (6, 3) and feats.shape == (6, feature_size(2))
    assert ids[0].tolist() == [vocab.char_ids["张"], vocab.bigram_ids["\x02张"], 1]
    assert ids[2, 0] == 1  # 在 is unknown
    assert ids[3, 2] == vocab.bigram_ids["北京"]  # right bigram of 北
    assert ids[4, 1] == vocab.bigram_ids["北京"]  # left bigram of 京
    assert feats[:, -2:].tolist() == [[0.0, 1.0]] * 6  # the cluener style, one-hot
    # 北京 is a place (ns) in jieba's dictionary: Begin-place on 北, End-place on 京.
    assert feats[3, 1] == 1.0 and feats[4, 8 + 1] == 1.0
    classes = feats[:, 12:19]
    assert classes.sum(axis=1).tolist() == [1.0] * 6
    assert classes[5, 0] == 1.0  # the full-width digit is a digit (D)


@pytest.mark.parametrize(
    "text", ["中华人民共和国国务院总理李克强在北京会见", "上海市浦东新区人民政府", "ab在"]
)
def test_encode_lexicon_bits_are_the_crfs_lexicon_features(text):
    # One scan of the dictionary (Lexicon.hits) feeds both models: the BiLSTM's bits must
    # say what the CRF's feature strings say, Middle positions of long words included.
    lexicon = load_lexicon()
    _, feats = encode(text, Vocab([], []), lexicon, 0, 2)
    strings, _, _ = lexicon.matches(text)
    names = [f"L{pos}{kind}" for pos in "BME" for kind in "rstw"]
    for i, found in enumerate(strings):
        assert {names[j] for j in np.flatnonzero(feats[i, :12])} == {
            f for f in found if f.startswith("L")
        }
    assert any(f.startswith("LM") for found in strings for f in found) or text == "ab在"


@pytest.mark.parametrize(
    "text",
    ["北京张三", "张三在北京１", "", "京", "😀北\ud800京\U0010ffff", "\x02\x03北", "ab北北"],
)
def test_vocab_ids_are_the_dicts_ids(text):
    # Vocab.ids looks a whole text up at once (sorted code arrays); it must give what the
    # dicts give character by character: unknown, astral and lone-surrogate characters
    # included, and for a string listed twice its last id.
    vocab = Vocab(list("北京张三北") + ["xy"], ["北京", "\x02张", "北京", "京\x03", "abc"])
    padded = "\x02" + text + "\x03"
    expected = [
        [
            vocab.char_ids.get(ch, 1),
            vocab.bigram_ids.get(padded[i : i + 2], 1),
            vocab.bigram_ids.get(padded[i + 1 : i + 3], 1),
        ]
        for i, ch in enumerate(text)
    ]
    assert vocab.ids(text).tolist() == expected
    assert vocab.ids(text).shape == (len(text), 3)


def test_encode_empty_text():
    ids, feats = encode("", Vocab([], []), load_lexicon(), 0, 2)
    assert ids.shape == (0, 3) and feats.shape == (0, feature_size(2))


# --- decoding ----------------------------------------------------------------------


def test_allowed_transitions_follow_bmes():
    ok = allowed_transitions()
    t = {tag: i for i, tag in enumerate(TAGS)}
    assert ok[t["B-PER"], t["E-PER"]] and ok[t["M-ORG"], t["M-ORG"]]
    assert not ok[t["B-PER"], t["E-LOC"]] and not ok[t["O"], t["M-LOC"]]
    assert ok[t["S-LOC"], t["B-PER"]] and not ok[t["B-ORG"], t["O"]]


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_is_the_best_valid_path(seed):
    rng = np.random.default_rng(seed)
    length = 3
    em = rng.normal(0, 3, (1, length, K)).astype(np.float32)
    trans, start, end = rng.normal(0, 1, (K, K)), rng.normal(0, 1, K), rng.normal(0, 1, K)
    [path] = viterbi(em, np.array([length]), trans, start, end)

    def score(p):
        s = start[p[0]] + end[p[-1]] + sum(em[0, i, p[i]] for i in range(length))
        return s + sum(trans[a, b] for a, b in itertools.pairwise(p))

    best = max((p for p in itertools.product(range(K), repeat=length) if _valid(p)), key=score)
    assert path == list(best)


def test_viterbi_never_emits_invalid_tags_even_when_emissions_want_them():
    em = np.zeros((2, 4, K), dtype=np.float32)
    em[:, :, TAGS.index("M-PER")] = 50.0  # a lone M-PER everywhere would be invalid
    paths = viterbi(em, np.array([4, 2]), np.zeros((K, K)), np.zeros(K), np.zeros(K))
    assert [len(p) for p in paths] == [4, 2]
    assert all(_valid(p) for p in paths)


# --- the numpy forward pass against a plain one ------------------------------------


def _random_weights(rng, n_chars=9, n_bigrams=7, char_dim=6, bigram_dim=4, hidden=5, layers=2):
    """Random weights named as torch names them (gates i, f, g, o), two layers."""
    d_in = char_dim + 2 * bigram_dim + feature_size(2)
    w = {
        "char_emb": rng.normal(0, 1, (n_chars, char_dim)),
        "bigram_emb": rng.normal(0, 1, (n_bigrams, bigram_dim)),
        "out.weight": rng.normal(0, 0.5, (K, 2 * hidden)),
        "out.bias": rng.normal(0, 0.5, K),
        "crf.transitions": rng.normal(0, 1, (K, K)),
        "crf.start": rng.normal(0, 1, K),
        "crf.end": rng.normal(0, 1, K),
    }
    for layer in range(layers):
        for sfx in (f"_l{layer}", f"_l{layer}_reverse"):
            w["lstm.weight_ih" + sfx] = rng.normal(0, 0.5, (4 * hidden, d_in))
            w["lstm.weight_hh" + sfx] = rng.normal(0, 0.5, (4 * hidden, hidden))
            w["lstm.bias_ih" + sfx] = rng.normal(0, 0.5, 4 * hidden)
            w["lstm.bias_hh" + sfx] = rng.normal(0, 0.5, 4 * hidden)
        d_in = 2 * hidden
    return {k: v.astype(np.float32) for k, v in w.items()}


def _plain_emissions(w, ids, feats):
    """One chunk's emissions, one character at a time, in float64 (the textbook LSTM)."""
    w = {k: v.astype(np.float64) for k, v in w.items()}

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def run(xs, sfx):
        w_ih, w_hh = w["lstm.weight_ih" + sfx], w["lstm.weight_hh" + sfx]
        b = w["lstm.bias_ih" + sfx] + w["lstm.bias_hh" + sfx]
        h = c = np.zeros(w_hh.shape[1])
        outs = []
        for x in xs:
            i, f, g, o = np.split(w_ih @ x + w_hh @ h + b, 4)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            outs.append(h)
        return np.array(outs)

    x = np.concatenate(
        [w["char_emb"][ids[:, 0]], w["bigram_emb"][ids[:, 1]], w["bigram_emb"][ids[:, 2]], feats],
        axis=1,
    )
    layer = 0
    while f"lstm.weight_ih_l{layer}" in w:
        backward = run(x[::-1], f"_l{layer}_reverse")[::-1]
        x = np.concatenate([run(x, f"_l{layer}"), backward], axis=1)
        layer += 1
    return x @ w["out.weight"].T + w["out.bias"]


@pytest.mark.parametrize("lengths", [[3, 7, 1, 5], [4, 4], [1], [2, 9, 9, 2, 6]])
def test_numpy_emissions_are_the_plain_lstms(lengths):
    # The batch's rows in any order, of any lengths, with junk in the padding: each row's
    # emissions are those of the textbook LSTM run over that row alone.
    rng = np.random.default_rng(len(lengths))
    w = _random_weights(rng)
    from kg.model.tagger import NeuralModel

    model = NeuralModel(w)
    lengths = np.array(lengths)
    b, t_max = len(lengths), int(lengths.max())
    ids = rng.integers(0, 7, (b, t_max, 3))  # padding holds ids too: it must not count
    feats = (rng.random((b, t_max, feature_size(2))) < 0.3).astype(np.float32)
    ours = model.emissions(ids, feats, lengths)
    assert ours.shape == (b, t_max, K)
    for i, n in enumerate(lengths):
        plain = _plain_emissions(w, ids[i, :n], feats[i, :n])
        np.testing.assert_allclose(ours[i, :n], plain, rtol=0, atol=1e-5)
        alone = model.emissions(ids[i : i + 1, :n], feats[i : i + 1, :n], lengths[i : i + 1])
        np.testing.assert_allclose(alone[0], ours[i, :n], rtol=0, atol=1e-6)


# --- torch training against the numpy runtime ----------------------------------------


@pytest.fixture(scope="module")
def torch_model(tmp_path_factory):
    """A random (untrained) torch tagger and its weights written as a kg model dir."""
    torch = pytest.importorskip("torch")
    from kg.training.train_neural import NeuralConfig, _make_model, _write

    torch.manual_seed(0)
    vocab = Vocab(list("张三在北京工作李四访问上海"), ["张三", "北京", "工作", "\x02张"])
    config = NeuralConfig(char_dim=6, bigram_dim=4, hidden=5, layers=2)
    model = _make_model(vocab, config, feature_size(2)).eval()
    for p in model.parameters():
        torch.nn.init.normal_(p, std=0.5)
    out = tmp_path_factory.mktemp("random")
    _write(out, model.state_dict(), vocab, config, {}, [], 0.0)
    return model, vocab, out


@pytest.mark.slow
def test_numpy_emissions_match_torch(torch_model):
    import torch

    model, vocab, out = torch_model
    tagger = NeuralTagger(out)
    texts = ["张三在北京工作。", "李四访问上海", "北京"]  # different lengths: padding matters
    enc = [encode(t, vocab, load_lexicon(), 0, 2) for t in texts]
    lengths = np.array([len(a) for a, _ in enc])
    ids = np.zeros((3, lengths.max(), 3), dtype=np.int64)
    feats = np.zeros((3, lengths.max(), feature_size(2)), dtype=np.float32)
    for i, (a, f) in enumerate(enc):
        ids[i, : len(a)], feats[i, : len(a)] = a, f
    ours = tagger.model.emissions(ids, feats, lengths)
    with torch.no_grad():
        theirs = model.emissions(
            torch.from_numpy(ids), torch.from_numpy(feats), torch.from_numpy(lengths)
        ).numpy()
    for i, n in enumerate(lengths):
        # Embeddings ship as float16, so agreement is to about 1e-2.
        np.testing.assert_allclose(ours[i, :n], theirs[i, :n], atol=3e-2, rtol=1e-2)


@pytest.mark.slow
def test_crf_loss_is_the_exact_negative_log_likelihood(torch_model):
    import torch

    model, _, _ = torch_model
    torch.manual_seed(1)
    length = 3
    em = torch.randn(1, length, K)
    tags = torch.tensor([[TAGS.index("B-PER"), TAGS.index("E-PER"), 0]])
    mask = torch.ones(1, length)
    with torch.no_grad():
        loss = model.nll(em, tags, mask).item()
        tr, st, en = model.transitions, model.start, model.end

        def score(p):
            s = st[p[0]] + en[p[-1]] + sum(em[0, i, p[i]] for i in range(length))
            return s + sum(tr[a, b] for a, b in itertools.pairwise(p))

        all_paths = torch.stack([score(p) for p in itertools.product(range(K), repeat=length)])
        expected = (torch.logsumexp(all_paths, 0) - score(tags[0].tolist())).item()
    assert loss == pytest.approx(expected, rel=1e-4)


@pytest.mark.slow
def test_crf_loss_ignores_padding(torch_model):
    import torch

    model, _, _ = torch_model
    em = torch.randn(1, 4, K)
    tags = torch.tensor([[TAGS.index("S-LOC"), 0, 0, 0]])
    with torch.no_grad():
        short = model.nll(em[:, :2], tags[:, :2], torch.ones(1, 2)).item()
        padded = model.nll(em, tags, torch.tensor([[1.0, 1.0, 0.0, 0.0]])).item()
    assert padded == pytest.approx(short, rel=1e-5)


@pytest.fixture(scope="module")
def tiny_neural(tmp_path_factory):
    pytest.importorskip("torch")
    from kg.training.train_neural import NeuralConfig, train_neural

    root = write_tiny_corpora(tmp_path_factory.mktemp("corpora"))
    out = tmp_path_factory.mktemp("neural")
    lines = []
    config = NeuralConfig(
        char_dim=16, bigram_dim=8, hidden=16, lr=0.02, batch_size=4, epochs=12, dev_fraction=0
    )
    meta = train_neural(out, root, config, progress=lines.append)
    return out, meta, lines


@pytest.mark.slow
def test_train_tiny_neural_model_and_tag(tiny_neural):
    out, meta, lines = tiny_neural
    assert (out / "ner.npz").is_file()
    assert json.loads((out / "meta.json").read_text(encoding="utf-8")) == meta
    assert meta["sentences"]["msra"] == {"train": 20, "dev": 0}
    assert meta["tags"] == TAGS and len(meta["history"]) == 12
    assert any(line.startswith("epoch 12: dev F1") for line in lines)
    tagger = load_model(out)
    assert isinstance(tagger, NeuralTagger) and load_model(out) is tagger
    assert tagger.tag_spans("张三在北京工作。") == [(0, 2, "PER"), (3, 5, "LOC")]


@pytest.mark.slow
def test_training_can_continue_from_a_model(tiny_neural, tmp_path):
    from kg.training.train_neural import NeuralConfig, train_neural

    out, meta, _ = tiny_neural
    root = write_tiny_corpora(tmp_path / "corpora")
    config = NeuralConfig(**{**meta["config"], "epochs": 1, "lr": 0.0, "init": str(out)})
    lines = []
    train_neural(tmp_path / "again", root, config, progress=lines.append)
    assert f"continuing from {out}" in lines
    vocab = (out / "vocab.json").read_text(encoding="utf-8")
    assert (tmp_path / "again" / "vocab.json").read_text(encoding="utf-8") == vocab
    with np.load(out / "ner.npz") as a, np.load(tmp_path / "again" / "ner.npz") as b:
        assert a.files == b.files
        for key in a.files:  # lr 0: one more epoch changes nothing
            np.testing.assert_array_equal(a[key], b[key])


@pytest.mark.slow
def test_neural_backend_maps_types_and_offsets_across_chunks(tiny_neural):
    out, _, _ = tiny_neural
    backend = get_backend("kg", model=str(out))
    text = "张三在北京工作。" * 31  # 31 chunks, tagged in one batch
    [mentions, empty, short] = backend.predict([text, "", "李四访问上海。"])
    assert empty == []
    assert len(mentions) == 62 and {m.label for m in mentions} == {"PERSON", "LOC"}
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.source == "kg"
    assert [(m.text, m.label) for m in short] == [("李四", "PERSON"), ("上海", "LOC")]


@pytest.mark.slow
def test_neural_styles_and_errors(tiny_neural, tmp_path):
    out, meta, _ = tiny_neural
    assert meta["domains"] == {"msra": 0, "cluener": 1} and meta["style"] == "msra"
    assert NeuralTagger(out, "cluener").style == "cluener"
    with pytest.raises(BackendError, match="unknown tagging style 'resume'.*msra, cluener"):
        NeuralTagger(out, "resume")
    with pytest.raises(BackendError, match="kg train-ner"):
        NeuralTagger(tmp_path)
    (tmp_path / "ner.npz").write_bytes((out / "ner.npz").read_bytes())
    (tmp_path / "meta.json").write_text(json.dumps({"tags": ["O", "B-X"]}))
    with pytest.raises(BackendError, match="does not describe a kg neural NER model"):
        NeuralTagger(tmp_path)


@pytest.mark.slow
def test_attach_crf_picks_a_weight_on_dev_and_tags_with_both(tiny_neural, tmp_path):
    import shutil

    from kg.model.crf import CompiledCRF
    from kg.training.train_crf import TrainConfig, train_crf
    from kg.training.train_neural import CRF_GATES, CRF_WEIGHTS, attach_crf

    out, _, _ = tiny_neural
    root = write_tiny_corpora(tmp_path / "corpora")
    crf_dir = tmp_path / "crf"
    train_crf(crf_dir, root, TrainConfig(max_iterations=30, minfreq=0, c1=0.0, dev_fraction=0))
    model = tmp_path / "both"
    shutil.copytree(out, model)
    dev = {"msra": [("张三在北京工作。", [(0, 2, "PER"), (3, 5, "LOC")])], "cluener": []}
    lines = []
    meta = attach_crf(model, crf_dir, dev, progress=lines.append)
    assert meta["crf"]["dir"] == "crf" and meta["crf"]["weight"] in CRF_WEIGHTS
    assert set(meta["crf"]["dev_f1"]) == {str(w) for w in CRF_WEIGHTS}
    assert meta["crf"]["gate"] in CRF_GATES and set(meta["crf"]["dev_f1_by_gate"]) == {
        str(g) for g in CRF_GATES
    }
    assert meta["size_bytes"] == sum(
        p.stat().st_size for p in (model / "ner.npz", model / "crf" / "crf.npz")
    )
    assert not (model / "crf" / "ner.crfsuite").exists()  # compiled to numpy instead
    assert lines[-1].startswith(f"combined with the CRF in {crf_dir}, weight ")
    assert any(line.startswith("CRF gates: ") for line in lines)
    tagger = NeuralTagger(model, "msra")
    assert isinstance(tagger.crf, CompiledCRF) and tagger.crf_weight == meta["crf"]["weight"]
    assert tagger.tag_spans("张三在北京工作。") == [(0, 2, "PER"), (3, 5, "LOC")]
    # Without dev data the given default weight is used; a second attach replaces the first.
    meta = attach_crf(model, crf_dir, {}, default_weight=0.5)
    assert meta["crf"] == {
        "dir": "crf",
        "weight": 0.5,
        "gate": 0.99,
        "dev_f1": {},
        "dev_f1_by_gate": {},
    }


@pytest.mark.slow
def test_epochs_zero_attaches_a_models_own_crf_anew_without_torch(
    tiny_neural, tmp_path, monkeypatch
):
    import shutil
    import sys

    from kg.errors import InputError
    from kg.training.train_crf import TrainConfig, load_training_data, split_dev, train_crf
    from kg.training.train_neural import NeuralConfig, attach_crf, train_neural

    out, _, _ = tiny_neural
    root = write_tiny_corpora(tmp_path / "corpora")
    train_crf(tmp_path / "crf", root, TrainConfig(max_iterations=30, minfreq=0, dev_fraction=0))
    first = tmp_path / "first"
    shutil.copytree(out, first)
    dev = {name: split_dev(data, 0.25)[1] for name, data in load_training_data(root).items()}
    expected = attach_crf(first, tmp_path / "crf", dev)["crf"]
    monkeypatch.setitem(sys.modules, "torch", None)  # attaching needs no torch
    again = tmp_path / "again"

    def reattach(output, **config):
        return train_neural(output, root, NeuralConfig(epochs=0, dev_fraction=0.25, **config))

    meta = reattach(again, init=str(first), crf=str(first / "crf"))
    assert meta["crf"] == expected
    assert (again / "ner.npz").read_bytes() == (first / "ner.npz").read_bytes()
    assert (again / "crf" / "crf.npz").read_bytes() == (first / "crf" / "crf.npz").read_bytes()
    texts = ["张三在北京工作。", "孙七是腾讯公司员工", "赵六离开广州。"]
    assert NeuralTagger(again).tag_many(texts) == NeuralTagger(first).tag_many(texts)
    assert reattach(first, init=str(first), crf=str(first / "crf"))["crf"] == expected  # in place
    with pytest.raises(InputError, match="needs --init MODEL and --crf CRF"):
        reattach(tmp_path / "x", init=str(first))
    with pytest.raises(InputError, match="no neural model in"):
        reattach(tmp_path / "x", init=str(tmp_path / "crf"), crf=str(first / "crf"))


def test_crf_marginals_are_probabilities(tmp_path):
    from kg.model.crf import CRFTagger
    from kg.training.train_crf import TrainConfig, train_crf

    root = write_tiny_corpora(tmp_path / "corpora")
    train_crf(tmp_path / "crf", root, TrainConfig(max_iterations=30, minfreq=0, dev_fraction=0))
    marg = np.array(CRFTagger(tmp_path / "crf").marginals("张三在北京", TAGS))
    assert marg.shape == (5, K)
    np.testing.assert_allclose(marg.sum(axis=1), 1.0, atol=1e-6)
    assert marg[0, TAGS.index("B-PER")] > 0.5 and marg[:, TAGS.index("S-ORG")].max() == 0.0


def test_compiled_crf_gives_crfsuite_marginals(tmp_path):
    from kg.model.crf import CompiledCRF, CRFTagger
    from kg.training.train_crf import TrainConfig, train_crf

    root = write_tiny_corpora(tmp_path / "corpora")
    train_crf(tmp_path / "crf", root, TrainConfig(max_iterations=30, minfreq=0, dev_fraction=0))
    compiled = CompiledCRF.from_crfsuite(tmp_path / "crf")
    compiled.save(tmp_path / "crf.npz")
    compiled = CompiledCRF.load(tmp_path / "crf.npz")
    reference = CRFTagger(tmp_path / "crf", "cluener")
    texts = ["张三在北京工作。", "孙七是腾讯公司员工", "甲", "ＸＹ未知字符串"]  # unknown attrs
    normal = [normalize(t) for t in texts]
    matches = [load_lexicon().matches(t) for t in normal]
    ours = compiled.marginals(normal, matches, compiled.domains["cluener"], TAGS)
    assert [m.shape for m in ours] == [(len(t), K) for t in texts]
    for text, marg in zip(texts, ours, strict=True):
        np.testing.assert_allclose(marg, reference.marginals(text, TAGS), atol=1e-5)  # float32
    assert compiled.marginals([], [], "", TAGS) == []


@pytest.mark.slow
def test_missing_crf_for_attach_is_an_error(tiny_neural, tmp_path):
    from kg.training.train_neural import attach_crf

    out, _, _ = tiny_neural
    with pytest.raises(BackendError, match="kg train-ner"):
        attach_crf(out, tmp_path / "nothing", {})


@pytest.mark.slow
def test_the_crf_runs_only_where_the_bilstm_is_unsure(tiny_neural, tmp_path, monkeypatch):
    import shutil

    from kg.training.train_crf import TrainConfig, train_crf
    from kg.training.train_neural import attach_crf

    out, _, _ = tiny_neural
    root = write_tiny_corpora(tmp_path / "corpora")
    train_crf(tmp_path / "crf", root, TrainConfig(max_iterations=30, minfreq=0, dev_fraction=0))
    model = tmp_path / "both"
    shutil.copytree(out, model)
    attach_crf(model, tmp_path / "crf", {})
    texts = ["张三在北京工作。", "李四访问上海。", "今天天气很好。"]
    tagger = NeuralTagger(model)
    enc = [encode(t, tagger.vocab, load_lexicon(), 0, 2) for t in texts]
    lengths = np.array([len(a) for a, _ in enc])
    ids = np.zeros((3, lengths.max(), 3), dtype=np.int64)
    feats = np.zeros((3, lengths.max(), feature_size(2)), dtype=np.float32)
    for i, (a, f) in enumerate(enc):
        ids[i, : len(a)], feats[i, : len(a)] = a, f
    conf = tagger.confidence(tagger.model.emissions(ids, feats, lengths), lengths)
    assert conf.shape == (3,) and ((conf > 0) & (conf <= 1 + 1e-9)).all()
    seen = []
    real = NeuralTagger.crf_scores
    monkeypatch.setattr(
        NeuralTagger, "crf_scores", lambda self, c, m: seen.extend(c) or real(self, c, m)
    )
    # A gate halfway between two confidences, so that rounding cannot move a chunk across it.
    low = np.sort(conf)
    assert low[1] - low[0] > 1e-4
    tagger.crf_gate = float(low[0] + low[1]) / 2  # one chunk falls below
    tagger.tag_many(texts)
    assert sorted(seen) == sorted(
        t for t, c in zip(texts, conf, strict=True) if c < tagger.crf_gate
    )
    seen.clear()
    tagger.crf_gate = 2.0
    tagger.tag_many(texts)
    assert sorted(seen) == sorted(texts)


def test_forward_backward_marginals_sum_to_one_and_respect_padding():
    from kg.model.crf import forward_backward

    rng = np.random.default_rng(3)
    scores = rng.normal(0, 2, (2, 4, K))
    trans, start, end = rng.normal(0, 1, (K, K)), rng.normal(0, 1, K), rng.normal(0, 1, K)
    probs = forward_backward(scores, np.array([4, 2]), trans, start, end)
    np.testing.assert_allclose(probs[0].sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(probs[1, :2].sum(axis=1), 1.0, atol=1e-9)
    short = forward_backward(scores[1:, :2], np.array([2]), trans, start, end)
    np.testing.assert_allclose(probs[1, :2], short[0], atol=1e-9)  # padding changes nothing
    # brute force over all K**2 paths of the short sequence
    best = np.zeros((2, K))
    total = 0.0
    for a in range(K):
        for b in range(K):
            w = np.exp(start[a] + scores[1, 0, a] + trans[a, b] + scores[1, 1, b] + end[b])
            best[0, a] += w
            best[1, b] += w
            total += w
    np.testing.assert_allclose(short[0], best / total, atol=1e-9)


def _plain_marginals(crf, text: str, domain: str, found) -> np.ndarray:
    """The definition: every feature string's weights summed, then forward-backward."""
    from kg.model.crf import forward_backward
    from kg.model.features import sentence_features

    feats = sentence_features(text, load_lexicon(), domain, found)
    scores = np.array([crf.weights[[crf.index.get(f, -1) for f in fs]].sum(0) for fs in feats])
    marg = forward_backward(scores[None], np.array([len(text)]), crf.transitions)[0]
    return marg[:, [crf.labels.index(tag) for tag in TAGS]]


@pytest.fixture(scope="module")
def shipped_crf():
    from kg.model import default_model_dir
    from kg.model.crf import COMPILED_FILE, CompiledCRF

    return CompiledCRF.load(default_model_dir() / "crf" / COMPILED_FILE)


@pytest.mark.parametrize("style", ["msra", "cluener", None])
def test_shipped_crf_marginals_sum_the_weights_of_the_feature_strings(shipped_crf, style):
    domain = shipped_crf.domains[style] if style else ""
    texts = [
        normalize(t)
        for t in (
            "国务院总理李克强在北京会见了美国国务卿。",
            "甲",
            "ＡＢＣ公司，１２3元",
            "上海市浦东新区人民政府副区长王华~c说",  # "~c" also spells a domain template
        )
    ]
    matches = [load_lexicon().matches(t) for t in texts]
    ours = shipped_crf.marginals(texts, matches, domain, TAGS)
    assert [m.shape for m in ours] == [(len(t), K) for t in texts]
    for text, found, marg in zip(texts, matches, ours, strict=True):
        np.testing.assert_allclose(
            marg, _plain_marginals(shipped_crf, text, domain, found), atol=1e-6
        )


def test_shipped_crf_marginals_on_random_odd_texts(shipped_crf):
    # Pads, emoji, characters outside the BMP, "~" and domain letters next to each other.
    import random

    alphabet = [*"中国北京市人民政府李王~cmgh的在。，！ 　ＡＢ１3a\t", "😀", "\U00020000", "\x02"]
    rng = random.Random(7)
    for _ in range(60):
        texts = [
            normalize("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))))
            for _ in range(rng.randint(1, 4))
        ]
        domain = rng.choice(["", "m", "c"])
        matches = [load_lexicon().matches(t) for t in texts]
        ours = shipped_crf.marginals(texts, matches, domain, TAGS)
        for text, found, marg in zip(texts, matches, ours, strict=True):
            expected = _plain_marginals(shipped_crf, text, domain, found)
            np.testing.assert_allclose(marg, expected, atol=1e-6)
