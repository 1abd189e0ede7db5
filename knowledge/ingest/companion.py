"""Optional YAML files that travel with a source (a dropped file's sidecar, a statement's views and
questions), and the readers'-questions lists that they and articles' front-matter share."""
from pathlib import Path
from typing import Any, List, Optional

import yaml

from ..errors import IngestError


def read_companion(path: Path) -> Any:
    """The parsed file, None when it does not exist; IngestError naming it when it is not YAML."""
    if not path.exists():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise IngestError(path, f"not valid YAML: {error}") from None


def question_list(value: Any) -> Optional[List[str]]:
    """Readers' questions as listed in YAML, stripped; None unless a list of non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(q, str) and q.strip() for q in value):
        return None
    return [q.strip() for q in value]
