"""Training the built-in family on a project's labels, and the versioned registry of trained models."""

from __future__ import annotations

from pathlib import Path

import pytest

from reputation.nlp.registry import ModelRegistry, RegistryError, check_name
from reputation.nlp.sentiment import LinearSentiment, load_sentiment_model
from reputation.nlp.sentiment_training import fit_linear, save_bundle, train_on_table
from tests.domain_labels import domain_labels

PROBES = (["the modem is flurby", "le forfait est grizzle"], ["en", "fr"])


def test_a_trained_model_learns_the_projects_words_and_keeps_the_base_models():
    base = load_sentiment_model("builtin-linear")
    assert isinstance(base, LinearSentiment)
    assert base.predict(*PROBES)["sentiment"].tolist() != ["positive", "negative"]  # unknown words to it

    result = train_on_table(domain_labels(), base=base, compare={"builtin-linear": base}, holdout=0.25)
    trained = LinearSentiment.from_bundle(result.bundle, "domain", "test")
    assert trained.predict(*PROBES)["sentiment"].tolist() == ["positive", "negative"]
    # what the base model knew is still there: ordinary sentiment it was never shown here
    general = trained.predict(["I hate this, worst service ever", "Merci, vous êtes géniaux !"], ["en", "fr"])
    assert general["sentiment"].tolist() == ["negative", "positive"]
    assert result.n_train == 180 and result.n_holdout == 60
    assert result.holdout["new"].macro_f1 >= 0.95
    assert result.holdout["new"].macro_f1 > result.holdout["builtin-linear"].macro_f1 + 0.3


def test_training_needs_two_classes():
    table = domain_labels().assign(label="positive")
    with pytest.raises(ValueError, match="single class"):
        fit_linear(table["text"].tolist(), table["lang"].tolist(), table["label"].tolist())


def test_saved_artifacts_are_reproducible(tmp_path: Path):
    table = domain_labels(90)
    paths = [tmp_path / "a.joblib", tmp_path / "b.joblib"]
    for path in paths:
        save_bundle(fit_linear(table["text"].tolist(), table["lang"].tolist(), table["label"].tolist()), path)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_registry_versions_are_added_never_overwritten(tmp_path: Path):
    table = domain_labels(90)
    bundle = fit_linear(table["text"].tolist(), table["lang"].tolist(), table["label"].tolist())
    registry = ModelRegistry(tmp_path / "models")
    assert registry.find("acme") is None and registry.names() == []
    first = registry.register("acme", lambda p: save_bundle(bundle, p), {"note": "first"})
    second = registry.register("acme", lambda p: save_bundle(bundle, p), {"note": "second"})
    assert (first.spec, second.spec) == ("acme@v1", "acme@v2")
    assert first.card()["note"] == "first" and second.card()["version"] == "v2"
    assert registry.find("acme") == second and registry.find("acme@v1") == first and registry.find("acme@1") == first
    with pytest.raises(RegistryError, match="versions: v1, v2"):
        registry.find("acme@v7")
    assert not list((tmp_path / "models/sentiment/acme").glob(".incoming-*"))  # no staging folder left behind

    model = load_sentiment_model("acme@v1", registry=tmp_path / "models")
    assert model.name == "acme" and model.version.startswith("v1+")
    assert load_sentiment_model("acme", registry=tmp_path / "models").version.startswith("v2+")
    assert model.predict(*PROBES)["sentiment"].tolist() == ["positive", "negative"]
    with pytest.raises(ValueError, match="or a model trained into"):
        load_sentiment_model("other", registry=tmp_path / "models")


@pytest.mark.parametrize("bad", ["Acme", "", "a b", "../x", "builtin-linear", "x@v1"])
def test_bad_model_names_are_refused(bad: str):
    with pytest.raises(RegistryError):
        check_name(bad, reserved=frozenset({"builtin-linear"}))
