"""The knowledge engine as a server process uses it: loaded once, at start-up.

The action server (to answer) and the Rasa server (to route, components/knowledge_router.py)
each hold one. A missing or broken index must not crash either: it logs one clear
line saying how to build the index, answers "not available" meanwhile, and tries
loading again (at most every RETRY_SECONDS) so that an index built while the
server runs is picked up without a restart.
"""
import logging
import threading
import time
from typing import Callable, Optional

from .errors import KnowledgeError
from .search import Searcher, SearchResult

logger = logging.getLogger(__name__)
RETRY_SECONDS = 30.0


class KnowledgeUnavailable(Exception):
    """The index could not be loaded; the reason has been logged."""


class KnowledgeService:
    def __init__(self, loader: Callable[[], Searcher] = Searcher.load, clock=time.monotonic):
        self._loader = loader
        self._clock = clock
        self._searcher: Optional[Searcher] = None
        self._last_attempt: Optional[float] = None
        self._lock = threading.Lock()

    def load(self) -> bool:
        with self._lock:
            self._last_attempt = self._clock()
            try:
                self._searcher = self._loader()
            except KnowledgeError as error:
                logger.error("Knowledge index not loaded, answers are disabled until it is: %s", error)
                return False
            manifest = self._searcher.index.manifest
            logger.info("Knowledge index loaded: %s chunks, model %s, built %s",
                        manifest.get("chunks"), manifest.get("model"), manifest.get("built_at"))
            return True

    @property
    def ready(self) -> bool:
        return self._searcher is not None

    def searcher(self) -> Searcher:
        """The loaded searcher, loading it (again) when due; KnowledgeUnavailable meanwhile."""
        if self._searcher is None and (self._last_attempt is None or
                                       self._clock() - self._last_attempt >= RETRY_SECONDS):
            self.load()
        if self._searcher is None:
            raise KnowledgeUnavailable()
        return self._searcher

    def search(self, question: str, language: Optional[str], k: int = 3) -> SearchResult:
        return self.searcher().search(question, language=language, k=k)


service = KnowledgeService()  # the process's one knowledge engine
