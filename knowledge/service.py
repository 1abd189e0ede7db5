"""The knowledge engine as a server process uses it: loaded once, at start-up.

The action server (to answer) and the Rasa server (to route, components/knowledge_router.py)
each hold one. A missing or broken index must not crash either: it logs one clear
line saying how to build the index, answers "not available" meanwhile, and tries
loading again (at most every RETRY_SECONDS) so that an index built while the
server runs is picked up without a restart. A loaded index is watched too: when a
build publishes a new one (the staff console's upload, `make index`), it is loaded
in the background within CHECK_SECONDS and replaces the old one, which serves
until then.
"""
import logging
import os
import threading
import time
from typing import Callable, Optional

from .config import index_dir
from .errors import KnowledgeError
from .search import Searcher, SearchResult

logger = logging.getLogger(__name__)
RETRY_SECONDS = 30.0
CHECK_SECONDS = 5.0


def published_version() -> Optional[str]:
    """Which build the index directory points at now (a build is published by swapping a link)."""
    manifest = index_dir() / "manifest.json"
    try:
        return f"{manifest.resolve()}:{os.stat(manifest).st_mtime_ns}"
    except OSError:
        return None


class KnowledgeUnavailable(Exception):
    """The index could not be loaded; the reason has been logged."""


class KnowledgeService:
    def __init__(self, loader: Callable[[], Searcher] = Searcher.load, clock=time.monotonic,
                 version: Callable[[], Optional[str]] = published_version):
        self._loader = loader
        self._clock = clock
        self._version = version
        self._searcher: Optional[Searcher] = None
        self._loaded_version: Optional[str] = None
        self._last_attempt: Optional[float] = None
        self._last_check = 0.0
        self._reloading = False
        self._watcher: Optional[threading.Thread] = None
        self._lock = threading.Lock()

    def load(self) -> bool:
        with self._lock:
            self._last_attempt = self._last_check = self._clock()
            version = self._version()
            try:
                searcher = self._loader()
            except KnowledgeError as error:
                if self._searcher is None:
                    logger.error("Knowledge index not loaded, answers are disabled until it is: %s", error)
                else:  # not tried again until another build is published
                    logger.error("New knowledge index not loaded, the previous one keeps serving: %s", error)
                    self._loaded_version = version
                return False
            self._searcher, self._loaded_version = searcher, version
            manifest = self._searcher.index.manifest
            logger.info("Knowledge index loaded: %s chunks, model %s, built %s",
                        manifest.get("chunks"), manifest.get("model"), manifest.get("built_at"))
            return True

    @property
    def ready(self) -> bool:
        return self._searcher is not None

    def _reload_if_published(self) -> None:
        """Load a newly published index in a background thread, at most one at a time."""
        now = self._clock()
        if self._reloading or now - self._last_check < CHECK_SECONDS:
            return
        self._last_check = now
        if self._version() == self._loaded_version:
            return
        self._reloading = True

        def reload():
            try:
                self.load()
            finally:
                self._reloading = False
        threading.Thread(target=reload, name="knowledge-reload", daemon=True).start()

    def watch(self, interval: float = CHECK_SECONDS) -> None:
        """Also look for a newly published index in the background, so that the first question after a
        rebuild is already answered from it (servers call this once, at start-up)."""
        def check_forever():
            while True:
                time.sleep(interval)
                if self._searcher is not None:
                    self._reload_if_published()
        with self._lock:
            if self._watcher is None:
                self._watcher = threading.Thread(target=check_forever, name="knowledge-watch", daemon=True)
                self._watcher.start()

    def searcher(self) -> Searcher:
        """The loaded searcher, loading it (again) when due; KnowledgeUnavailable meanwhile."""
        if self._searcher is not None:
            self._reload_if_published()
        if self._searcher is None and (self._last_attempt is None or
                                       self._clock() - self._last_attempt >= RETRY_SECONDS):
            self.load()
        if self._searcher is None:
            raise KnowledgeUnavailable()
        return self._searcher

    def search(self, question: str, language: Optional[str], k: int = 3) -> SearchResult:
        return self.searcher().search(question, language=language, k=k)


service = KnowledgeService()  # the process's one knowledge engine
