"""The action server, locked down: `python -m deploy.action_server --port 5055`.

rasa_sdk's own server (`rasa run actions`) listens on every interface, allows
any CORS origin and runs any POST to /webhook, which here writes handoff
requests. This one serves the same app (rasa_sdk.endpoint.create_app) with:
- the loopback interface unless ACTIONS_INTERFACE says otherwise;
- no CORS: only the Rasa server calls it, never a browser;
- every route but /health refused (401) without the shared secret
  ACTION_SERVER_TOKEN, which Rasa sends in the X-Action-Token header
  (endpoints.yml). A secret rather than only a network rule: it holds in any
  topology, on one machine or across containers and hosts;
- request bodies capped at 8 MB (Rasa sends the whole conversation with every
  call) before they are read.
"""
import argparse
import hmac
import logging
import os
from typing import Optional

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Action-Token"
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
OPEN_PATHS = ("/health",)


def token_accepted(sent: Optional[str], expected: str) -> bool:
    return bool(sent) and hmac.compare_digest(sent.encode(), expected.encode())


def locked_app(token: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Sanic:
    if not token:
        raise ValueError("ACTION_SERVER_TOKEN is not set: the action server will not run without its shared secret")
    app = create_app("actions", cors_origins=None)
    app.config.REQUEST_MAX_SIZE = max_bytes

    @app.middleware("request")
    async def only_rasa(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS or token_accepted(request.headers.get(TOKEN_HEADER), token):
            return None
        return response.json({"error": f"missing or wrong {TOKEN_HEADER}"}, status=401)

    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    parser.add_argument("--interface", default=os.environ.get("ACTIONS_INTERFACE", "127.0.0.1"))
    args = parser.parse_args(argv)
    utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    try:
        app = locked_app(os.environ.get("ACTION_SERVER_TOKEN", "").strip())
    except ValueError as error:
        raise SystemExit(str(error)) from None
    logger.info("Action server on http://%s:%s (X-Action-Token required)", args.interface, args.port)
    app.run(args.interface, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
