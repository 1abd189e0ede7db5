"""A running server picks up a newly published index by itself, and keeps the old one until then."""
import threading
import time
from types import SimpleNamespace

from knowledge.errors import KnowledgeError
from knowledge.service import CHECK_SECONDS, KnowledgeService


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def searcher():
    """A stand-in searcher: the service only logs its manifest."""
    return SimpleNamespace(index=SimpleNamespace(manifest={"chunks": 1}))


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_a_new_build_replaces_the_loaded_index_without_a_restart():
    loads, version, clock = [], ["build-1"], Clock()
    slow_load = threading.Event()

    def loader():
        if loads:  # the second load takes a while: the old index must serve meanwhile
            slow_load.wait(5)
        loads.append(searcher())
        return loads[-1]
    service = KnowledgeService(loader=loader, clock=clock, version=lambda: version[0])
    assert service.load()
    first = service.searcher()
    version[0] = "build-2"
    assert service.searcher() is first  # not checked again yet
    clock.now += CHECK_SECONDS
    assert service.searcher() is first  # the new one loads in the background; the old one still serves
    slow_load.set()
    assert wait_for(lambda: service.searcher() is loads[-1] and len(loads) == 2)
    clock.now += CHECK_SECONDS
    service.searcher()
    time.sleep(0.05)
    assert len(loads) == 2  # the same build is not loaded twice


def test_a_broken_new_build_leaves_the_old_index_serving():
    version, clock = ["build-1"], Clock()
    good = searcher()
    calls = []

    def loader():
        calls.append(1)
        if len(calls) > 1:
            raise KnowledgeError("chunks.jsonl is truncated")
        return good
    service = KnowledgeService(loader=loader, clock=clock, version=lambda: version[0])
    service.load()
    version[0] = "build-2"
    clock.now += CHECK_SECONDS
    service.searcher()
    assert wait_for(lambda: len(calls) == 2)
    assert service.searcher() is good


def test_the_watcher_loads_a_new_build_with_no_question_asked():
    loads, version, ticks = [], ["build-1"], [0.0]

    def clock():  # every reading is a second later: the watcher's checks are never too soon
        ticks[0] += 1.0
        return ticks[0] * CHECK_SECONDS

    def loader():
        loads.append(searcher())
        return loads[-1]
    service = KnowledgeService(loader=loader, clock=clock, version=lambda: version[0])
    service.load()
    service.watch(interval=0.01)
    version[0] = "build-2"
    assert wait_for(lambda: len(loads) == 2)
    assert service.searcher() is loads[1]
