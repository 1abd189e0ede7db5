"""Where the production profile's Redis is, for the code that talks to it directly.

Rasa's lock store reads the same variables through endpoints.production.yml.
"""
import os
from typing import Mapping, Optional
from urllib.parse import quote

from deploy import settings


def redis_url(environ: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """redis://... in the production profile; None in the embedded one (state stays in the process)."""
    environ = os.environ if environ is None else environ
    if not settings.production(environ):
        return None
    password = settings.value("REDIS_PASSWORD", environ)
    auth = f":{quote(password, safe='')}@" if password else ""
    return (f"redis://{auth}{settings.value('REDIS_HOST', environ)}:{settings.integer('REDIS_PORT', environ)}"
            f"/{settings.integer('REDIS_DB', environ)}")


def key_prefix(environ: Optional[Mapping[str, str]] = None) -> str:
    return settings.value("REDIS_KEY_PREFIX", environ)
