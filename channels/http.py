"""Calls to a platform's API, retried with backoff when the platform says "later".

429 and 5xx answers and connection errors are retried (ATTEMPTS in all),
waiting what the platform asks (a Retry-After header, or Telegram's
parameters.retry_after) or else 1 s, 2 s, 4 s..., never more than MAX_WAIT.
Other 4xx answers are not retried: the same call would fail the same way.
A call that still fails is logged, never raised: one undeliverable reply must
not abort the conversation turn.
"""
import asyncio
import json
import logging
from typing import Any, Dict, Optional

import aiohttp

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=15)
ATTEMPTS = 4
BACKOFF_SECONDS = 1.0
MAX_WAIT = 30.0


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _asked_wait(headers, body: str) -> Optional[float]:
    """How long the platform asked us to wait, if it said."""
    try:
        return float(headers.get("Retry-After"))
    except (TypeError, ValueError):
        pass
    try:
        return float(json.loads(body)["parameters"]["retry_after"])  # Telegram's 429
    except (ValueError, KeyError, TypeError):
        return None


async def post_json(url: str, payload: Dict[str, Any], headers: Optional[Dict[str, str]] = None,
                    log_url: Optional[str] = None) -> Optional[Any]:
    """The decoded answer, or None when the call failed. `log_url` keeps a token in `url` out of logs."""
    shown = log_url or url
    for attempt in range(1, ATTEMPTS + 1):
        wait = BACKOFF_SECONDS * 2 ** (attempt - 1)
        try:
            # A session per call: replies are few per turn, and no session outlives its event loop.
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                async with session.post(url, json=payload, headers=headers) as answer:
                    status, body, answer_headers = answer.status, await answer.text(), answer.headers
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            problem = repr(error)
        else:
            if status < 400:
                try:
                    return json.loads(body)
                except ValueError:
                    return {}
            problem = f"answered {status}: {body[:500]}"
            if not _retryable(status):
                logger.error("POST %s %s", shown, problem)
                return None
            wait = _asked_wait(answer_headers, body) or wait
        if attempt == ATTEMPTS:
            logger.error("POST %s failed after %d attempts: %s", shown, ATTEMPTS, problem)
            return None
        logger.warning("POST %s %s; retrying in %.1f s", shown, problem, min(wait, MAX_WAIT))
        await asyncio.sleep(min(wait, MAX_WAIT))
    return None
