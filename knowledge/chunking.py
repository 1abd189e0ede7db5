"""Cut documents into chunks sized for the encoder, and chunks into sentences.

A chunk is a citable unit (a statement paragraph, an article section, a PDF
page) or, when that is too long for the encoder, a run of its paragraphs or
sentences. Each chunk is embedded whole and sentence by sentence: questions
usually match one sentence of a long paragraph, and that sentence is also the
snippet an answer quotes.
"""
import re
from typing import Callable, List

from .config import MAX_CHUNK_TOKENS
from .documents import Chunk, Document
from .text import paragraphs

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])|\n+")
# Shorter pieces are merged with their neighbour: "Step 1." alone says nothing.
_MIN_SENTENCE_CHARS = {"zh": 10, "zh-Hant": 10, "ja": 10, "ko": 15, "th": 30}
_DEFAULT_MIN_SENTENCE_CHARS = 25


def split_sentences(text: str, language: str) -> List[str]:
    pieces = [piece.strip() for piece in _SENTENCE_BREAK.split(text) if piece and piece.strip()]
    if language == "th":  # Thai marks the end of a sentence with a space, not a full stop
        pieces = [part for piece in pieces for part in piece.split(" ") if part]
    minimum = _MIN_SENTENCE_CHARS.get(language, _DEFAULT_MIN_SENTENCE_CHARS)
    glue = "" if language in ("zh", "zh-Hant", "ja") else " "
    merged: List[str] = []
    for piece in pieces:
        if merged and (len(merged[-1]) < minimum or len(piece) < minimum):
            merged[-1] = merged[-1] + glue + piece
        else:
            merged.append(piece)
    return merged


def _pack(units: List[str], fits: Callable[[str], bool], joiner: str) -> List[str]:
    """Greedily join consecutive units while the result still fits."""
    packed: List[str] = []
    for unit in units:
        candidate = packed[-1] + joiner + unit if packed else unit
        if packed and fits(candidate):
            packed[-1] = candidate
        else:
            packed.append(unit)
    return packed


def split_to_fit(text: str, language: str, fits: Callable[[str], bool]) -> List[str]:
    """``text`` as few pieces as possible, each fitting, cut at paragraphs, then sentences."""
    if fits(text):
        return [text]
    pieces: List[str] = []
    for paragraph in paragraphs(text):
        if fits(paragraph):
            pieces.append(paragraph)
        else:  # a sentence longer than the budget is left whole: the encoder windows it
            pieces.extend(_pack(split_sentences(paragraph, language), fits, " "))
    return _pack(pieces, fits, "\n\n")


def embedding_text(chunk: Chunk) -> str:
    """What the encoder sees for a whole chunk: its text with the context a reader would have."""
    context = chunk.title if not chunk.heading or chunk.page else f"{chunk.title}: {chunk.heading}"
    return f"{context}\n{chunk.text}"


def chunk_document(document: Document, count_tokens: Callable[[str], int],
                   max_tokens: int = MAX_CHUNK_TOKENS) -> List[Chunk]:
    def fits(text: str) -> bool:
        return count_tokens(text) <= max_tokens

    chunks: List[Chunk] = []
    for section in document.sections:
        for part, text in enumerate(split_to_fit(section.text, document.language, fits), 1):
            chunks.append(Chunk(
                source_id=document.source_id, anchor=section.anchor, part=part,
                title=document.title, url=document.url, language=document.language,
                topic=document.topic, kind=document.kind, path=document.path,
                heading=section.heading, text=text, page=section.page, sources=document.sources,
                views=section.views if part == 1 else {}, date=document.date,
            ))
    return chunks
