"""Knowledge documents in the console: upload one (PDF, HTML or Markdown with its title, topic,
language and source address), remove an uploaded one, list what the index holds, and run the
incremental rebuild in the background with its progress and errors.

Uploads are kept as dropped documents (knowledge/ingest/dropped.py) under
<sources>/documents/uploads/, each with its sidecar of metadata, so `make index` builds
them as well. A rebuild runs `python -m knowledge build` in a child process (only what
changed is embedded again) and publishes the new index atomically; the running action
and Rasa servers load it by themselves within seconds (knowledge/service.py).
"""
import datetime
import json
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from knowledge.config import LANGUAGES, TOPICS, index_dir, sources_dir
from knowledge.index import CHUNKS_FILE, MANIFEST
from knowledge.ingest.dropped import SIDECAR_SUFFIX
from knowledge.text import looks_binary, slugify

ROOT = Path(__file__).resolve().parents[1]
UPLOADS = Path("documents") / "uploads"
SUFFIXES = {".pdf", ".html", ".htm", ".md"}
MAX_LOG_LINES = 200


class UploadError(ValueError):
    """What is wrong with an upload, said so that an editor can fix it."""


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def check_upload(filename: str, data: bytes, title: str, topic: str, language: str, url: str) -> str:
    """The file's suffix, once the upload is whole and sensible; UploadError otherwise."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError("Upload a PDF, HTML or Markdown (.md) file.")
    if not data.strip():
        raise UploadError("The file is empty.")
    if suffix == ".pdf" and not data.startswith(b"%PDF-"):
        raise UploadError("The file is not a PDF.")
    if suffix != ".pdf" and looks_binary(data):
        raise UploadError("The file is not text; HTML and Markdown must be text files.")
    if not title.strip() or len(title) > 200:
        raise UploadError("Give the document a title (at most 200 characters).")
    if topic not in TOPICS:
        raise UploadError(f"Topic is one of {', '.join(TOPICS)}.")
    if language not in LANGUAGES:
        raise UploadError(f"Language is one of {', '.join(LANGUAGES)}.")
    if url and not re.match(r"^https?://[^\s]+$", url):
        raise UploadError("The source address must start with http:// or https://.")
    return suffix


class Library:
    def __init__(self, sources: Optional[Path] = None, index: Optional[Path] = None):
        self.sources = Path(sources or sources_dir())
        self.index = Path(index or index_dir())
        self.build = {"state": "idle", "started_at": None, "finished_at": None, "log": [], "error": None,
                      "index_id": None}
        self._again = False
        self._lock = threading.Lock()

    # ---- documents --------------------------------------------------------------------------------
    def upload(self, filename: str, data: bytes, title: str, topic: str, language: str, url: str,
               by: str) -> str:
        """Keep the file and its metadata, start a rebuild, and return the new document's source id."""
        suffix = check_upload(filename, data, title, topic, language, url)
        folder = self.sources / UPLOADS
        folder.mkdir(parents=True, exist_ok=True)
        base = "upload-" + (slugify(title)[:60].strip("-") or "document")
        source_id, number = base, 1
        while any(folder.glob(f"{source_id}.*")):
            number += 1
            source_id = f"{base}-{number}"
        path = folder / f"{source_id}{suffix}"
        meta = {"source_id": source_id, "title": title.strip(), "topic": topic, "language": language,
                "url": url, "date": _now()[:10], "uploaded_by": by}
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        sidecar.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
        path.write_bytes(data)  # after its sidecar: a build never reads the file without its metadata
        self.start_build()
        return source_id

    def remove(self, source_id: str) -> bool:
        """Delete an uploaded document (only those: the library's own come from the repository)."""
        folder = self.sources / UPLOADS
        found = [p for p in folder.glob(f"{source_id}.*") if re.fullmatch(r"upload-[a-z0-9-]+", source_id)]
        for path in found:
            path.unlink()
        if found:
            self.start_build()
        return bool(found)

    def documents(self) -> List[Dict]:
        """What the published index holds, one row per document and language, uploads first."""
        manifest = self._manifest()
        described: Dict[str, Dict] = {}
        try:
            with open(self.index / CHUNKS_FILE, encoding="utf-8") as chunks:
                for line in chunks:
                    chunk = json.loads(line)
                    described.setdefault(chunk["path"], {"title": chunk["title"], "topic": chunk["topic"],
                                                         "url": chunk.get("url") or None})
        except (OSError, ValueError, KeyError):
            pass
        rows = []
        for relpath, entry in manifest.get("documents", {}).items():
            about = described.get(relpath, {})
            uploaded = relpath.startswith(UPLOADS.as_posix() + "/")
            rows.append({"source_id": entry["source_id"], "title": about.get("title") or entry["source_id"],
                         "kind": "upload" if uploaded else entry["kind"], "language": entry["language"],
                         "topic": about.get("topic"), "chunks": entry["chunks"], "built_at": manifest.get("built_at"),
                         "removable": uploaded, "url": about.get("url"), "path": relpath})
        return sorted(rows, key=lambda row: (not row["removable"], row["kind"], row["source_id"], row["language"]))

    # ---- rebuilds ---------------------------------------------------------------------------------
    def status(self) -> Dict:
        with self._lock:
            return {**self.build, "log": list(self.build["log"])}

    def start_build(self) -> None:
        """Rebuild in the background; asked while one runs, another runs after it (with every change)."""
        with self._lock:
            if self.build["state"] == "running":
                self._again = True
                return
            self.build.update(state="running", started_at=_now(), finished_at=None, log=[], error=None)
        threading.Thread(target=self._run, name="knowledge-build", daemon=True).start()

    def _run(self) -> None:
        command = [sys.executable, "-m", "knowledge", "build", "--sources", str(self.sources),
                   "--index", str(self.index)]
        try:
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       text=True, errors="replace")
            for line in process.stdout:
                self._log(line.rstrip())
            code = process.wait()
            error = None if code == 0 else f"the build stopped with exit code {code}; see the log"
        except OSError as failure:
            error = f"the build could not start: {failure}"
        skipped = self._skipped_uploads()
        if error is None and skipped:
            error = "; ".join(f"{path}: {reason}" for path, reason in skipped.items())
        with self._lock:
            self.build.update(state="failed" if error else "done", finished_at=_now(), error=error,
                              index_id=self._index_id())
            again, self._again = self._again, False
        if again:
            self.start_build()

    def _log(self, line: str) -> None:
        with self._lock:
            self.build["log"] = (self.build["log"] + [line])[-MAX_LOG_LINES:]

    def _manifest(self) -> Dict:
        try:
            return json.loads((self.index / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _skipped_uploads(self) -> Dict[str, str]:
        """Uploaded files the last build could not read ("title (file name)"), with the reason."""
        uploads = str(self.sources / UPLOADS)
        found = {}
        for path, reason in self._manifest().get("skipped", {}).items():
            if path.startswith(uploads):
                try:
                    title = yaml.safe_load(Path(path + SIDECAR_SUFFIX).read_text(encoding="utf-8"))["title"]
                except (OSError, yaml.YAMLError, TypeError, KeyError):
                    title = "an upload"
                found[f"{title} ({Path(path).name})"] = reason
        return found

    def _index_id(self) -> Optional[str]:
        return self._manifest().get("index_sha256")
