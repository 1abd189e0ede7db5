"""Optional YAML files that travel with a source: a dropped file's sidecar, a statement's views and questions."""
from pathlib import Path
from typing import Any

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
