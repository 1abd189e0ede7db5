"""The knowledge engine: guidance documents -> FAISS index -> cited answers.

    from knowledge import get_searcher
    result = get_searcher().search("¿Cómo consigo un préstamo?", language="es", k=3)
    for hit in result.hits:
        print(hit.score, hit.citation(), hit.snippet)

Modules: ingest (read sources) -> chunking -> encoder -> index (build/load)
-> search. The CLI is ``python -m knowledge``. Heavy libraries (torch, faiss)
are imported only when an index is built or searched.
"""
from .errors import (
    EncoderLoadError,
    IndexCorruptError,
    IndexMissingError,
    IngestError,
    KnowledgeError,
    ModelMismatchError,
)

__all__ = [
    "EncoderLoadError", "IndexCorruptError", "IndexMissingError", "IngestError", "KnowledgeError",
    "ModelMismatchError", "get_searcher", "Searcher", "SearchResult", "Hit", "build_index", "load_encoder",
]


def __getattr__(name):
    # Lazy re-exports: `import knowledge` stays cheap for article checks and Rasa data validation.
    if name in ("get_searcher", "Searcher", "SearchResult", "Hit"):
        from . import search
        return getattr(search, name)
    if name == "build_index":
        from .index import build_index
        return build_index
    if name == "load_encoder":
        from .encoder import load_encoder
        return load_encoder
    raise AttributeError(name)
