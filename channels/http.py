"""Calls to a platform's API. A failed call is logged, never raised: one undeliverable reply
must not abort the conversation turn or make the platform retry the whole webhook."""
import asyncio
import json
import logging
from typing import Any, Dict, Optional

import aiohttp

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=15)


async def post_json(url: str, payload: Dict[str, Any], headers: Optional[Dict[str, str]] = None,
                    log_url: Optional[str] = None) -> Optional[Any]:
    """The decoded answer, or None when the call failed. `log_url` keeps a token in `url` out of logs."""
    try:
        # A session per call: replies are few per turn, and no session outlives its event loop.
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.post(url, json=payload, headers=headers) as answer:
                body = await answer.text()
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        logger.error("POST %s failed: %r", log_url or url, error)
        return None
    if answer.status >= 400:
        logger.error("POST %s answered %s: %s", log_url or url, answer.status, body[:500])
        return None
    try:
        return json.loads(body)
    except ValueError:
        return {}
