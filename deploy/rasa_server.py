"""One Rasa server: `python -m deploy.rasa_server --port 5005 --endpoints endpoints.yml`.

It runs `rasa run` with what the environment says, so that a secret never
appears on a command line (where `ps` shows it to every user of the machine):
- Rasa's HTTP API (conversations, model, events) only when RASA_API_TOKEN is
  set, and then only for requests carrying it (`?token=`); otherwise the API
  is off and the port serves the chat channels alone;
- the interface is RASA_INTERFACE (default loopback);
- request bodies over MAX_REQUEST_BYTES are refused before parsing (Sanic's
  REQUEST_MAX_SIZE, given through SANIC_REQUEST_MAX_SIZE);
- CORS only for CORS_ORIGINS.
"""
import argparse
import os
import sys

from deploy import settings

ROOT_MODEL = "models/assistant.tar.gz"


def rasa_arguments(port: int, endpoints: str, environ=None) -> list:
    environ = os.environ if environ is None else environ
    arguments = ["run", "--model", environ.get("RASA_MODEL", ROOT_MODEL), "--port", str(port),
                 "--interface", environ.get("RASA_INTERFACE", "127.0.0.1"), "--endpoints", endpoints,
                 "--credentials", environ.get("RASA_CREDENTIALS", "credentials.yml"),
                 "--cors", *settings.value("CORS_ORIGINS", environ).split()]
    token = environ.get("RASA_API_TOKEN", "").strip()
    if token:
        arguments += ["--enable-api", "--auth-token", token]
    return arguments


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--endpoints", required=True)
    args = parser.parse_args(argv)
    os.environ["SANIC_REQUEST_MAX_SIZE"] = str(settings.integer("MAX_REQUEST_BYTES"))
    os.environ["SANIC_FALLBACK_ERROR_FORMAT"] = "json"  # a 413 a client can read, like our channels' 4xx
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *rasa_arguments(args.port, args.endpoints)]
    rasa_main()


if __name__ == "__main__":
    main()
