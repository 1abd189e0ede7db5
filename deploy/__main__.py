"""Start the assistant: `python -m deploy shell|serve|serve-prod|check PROFILE`.

shell       embedded profile: action server, then `rasa shell` in this terminal
serve       embedded profile: action server, Rasa (every channel) and the chat page; SQLite, one process each
serve-prod  production profile: nginx in front of RASA_REPLICAS Rasa servers and ACTION_SERVERS action
            servers, on PostgreSQL, Redis and RabbitMQ (README, "Production")
check       check a profile's settings and say what is missing, without starting anything

Settings come from the environment only (deploy/settings.py). Every server
listens on loopback unless PUBLIC_INTERFACE says otherwise for the public port.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Dict

from deploy import nginx, settings
from deploy.processes import ROOT, VENV_BIN, Supervisor, answers, child_env

RUN = ROOT / "var"
PYTHON = str(VENV_BIN / "python")
MODEL = ROOT / "models" / "assistant.tar.gz"
ACTIONS_MAX_BYTES = 8 * 1024 * 1024


def start_action_server(supervisor: Supervisor, port: int, env: Dict[str, str], log: Path,
                        replica: bool = False) -> None:
    child = supervisor.start(f"action server :{port}", [PYTHON, "-m", "deploy.action_server", "--port", str(port)],
                             env, log, replica)
    # It loads the encoder and the index before it listens (a few seconds).
    supervisor.wait_ready(child, lambda: answers(f"http://127.0.0.1:{port}/health"), timeout=180)


def start_rasa(supervisor: Supervisor, port: int, endpoints: str, env: Dict[str, str], log: Path,
               replica: bool = False) -> None:
    child = supervisor.start(f"Rasa :{port}", [PYTHON, "-m", "deploy.rasa_server", "--port", str(port),
                                               "--endpoints", endpoints], env, log, replica)
    # Rasa loads the model before it listens: a "/" that answers means ready.
    supervisor.wait_ready(child, lambda: answers(f"http://127.0.0.1:{port}/"), timeout=600)


def start_web(supervisor: Supervisor, port: int, rasa_url: str, env: Dict[str, str], log: Path) -> None:
    child = supervisor.start("chat page", [PYTHON, "scripts/serve_web.py", "--host", "127.0.0.1", "--port", str(port),
                                           "--rasa-url", rasa_url], env, log)
    supervisor.wait_ready(child, lambda: answers(f"http://127.0.0.1:{port}/"), timeout=30)


def embedded(mode: str, values: Dict[str, str]) -> int:
    actions_port, rasa_port, web_port = (int(values[name]) for name in ("ACTIONS_PORT", "RASA_PORT", "WEB_PORT"))
    public = values["PUBLIC_INTERFACE"]
    env = child_env({
        "ASSISTANT_PROFILE": settings.EMBEDDED,
        # The embedded profile's shared secret is new at every start unless one is given.
        "ACTION_SERVER_TOKEN": values["ACTION_SERVER_TOKEN"] or settings.new_secret(),
        "ACTIONS_PORT": str(actions_port),
        # Answers link to the guide pages that the chat page server serves.
        "PUBLIC_BASE_URL": values["PUBLIC_BASE_URL"] or f"http://localhost:{web_port}",
        "CORS_ORIGINS": os.environ.get("CORS_ORIGINS") or f"http://localhost:{web_port}",
        "RASA_INTERFACE": public,
    })

    def start(supervisor: Supervisor) -> int:
        start_action_server(supervisor, actions_port, env, RUN / "actions.log")
        print(f"Action server ready on 127.0.0.1:{actions_port} (log: var/actions.log)", flush=True)
        if mode == "shell":
            # rasa shell runs its own server for the terminal's messages: loopback only.
            shell = subprocess.run([str(VENV_BIN / "rasa"), "shell", "--model", str(MODEL), "--endpoints",
                                    "endpoints.yml", "--interface", "127.0.0.1"], cwd=ROOT, env=env)
            return shell.returncode
        start_web(supervisor, web_port, f"http://localhost:{rasa_port}", env, RUN / "web.log")
        print(f"Website chat: http://localhost:{web_port}/ (log: var/web.log)", flush=True)
        start_rasa(supervisor, rasa_port, "endpoints.yml", env, RUN / "rasa.log")
        api = "on (RASA_API_TOKEN)" if values["RASA_API_TOKEN"] else "off (set RASA_API_TOKEN to enable it)"
        print(f"Rasa ready on {public}:{rasa_port}, HTTP API {api} (log: var/rasa.log)", flush=True)
        return supervisor.watch()

    return Supervisor().run(start)


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def production(values: Dict[str, str], run: Path) -> int:
    for service, host, port in (("PostgreSQL", "POSTGRES_HOST", "POSTGRES_PORT"),
                                ("Redis", "REDIS_HOST", "REDIS_PORT"),
                                ("RabbitMQ", "RABBITMQ_HOST", "RABBITMQ_PORT")):
        if not reachable(values[host], int(values[port])):
            print(f"cannot reach {service} at {values[host]}:{values[port]} ({host}, {port})", file=sys.stderr)
            return 2
    nginx_binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx_binary).exists():
        print("nginx is not installed: apt-get install nginx-light (make serve-prod does)", file=sys.stderr)
        return 2
    public_port, rasa_port, actions_port, web_port = (
        int(values[name]) for name in ("PUBLIC_PORT", "RASA_PORT", "ACTIONS_PORT", "WEB_PORT"))
    rasa_ports = [rasa_port + n for n in range(int(values["RASA_REPLICAS"]))]
    action_ports = [actions_port + 1 + n for n in range(int(values["ACTION_SERVERS"]))]
    public_url = values["PUBLIC_BASE_URL"] or f"http://localhost:{public_port}"
    env = child_env({
        "ASSISTANT_PROFILE": settings.PRODUCTION,
        "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "PUBLIC_BASE_URL": public_url,
        "CORS_ORIGINS": os.environ.get("CORS_ORIGINS") or public_url,
        "RASA_INTERFACE": "127.0.0.1",  # only nginx reaches the replicas...
        "TRUST_X_REAL_IP": "1",  # ...so the client address nginx passes on can be believed
        **{name: values[name] for name in ("POSTGRES_PORT", "POSTGRES_PASSWORD", "REDIS_PORT", "REDIS_DB",
                                           "REDIS_PASSWORD", "REDIS_KEY_PREFIX", "RABBITMQ_PORT", "RABBITMQ_QUEUE")},
    })
    config = nginx.write(run / "nginx", public_interface=values["PUBLIC_INTERFACE"], public_port=public_port,
                         rasa_ports=rasa_ports, web_port=web_port, actions_port=actions_port,
                         action_ports=action_ports, max_body=int(values["MAX_REQUEST_BYTES"]),
                         actions_max_body=ACTIONS_MAX_BYTES)

    def start(supervisor: Supervisor) -> int:
        balancer = supervisor.start("nginx", [nginx_binary, "-p", str(config.parent), "-c", str(config),
                                              "-g", "daemon off;"], env, run / "nginx.log")
        supervisor.wait_ready(balancer, lambda: reachable("127.0.0.1", actions_port), timeout=30)
        for n, port in enumerate(action_ports):
            start_action_server(supervisor, port, env, run / f"actions-{n}.log", replica=True)
        start_web(supervisor, web_port, public_url, env, run / "web.log")
        # One after the other: the first creates the tracker store's tables, the next finds them.
        for n, port in enumerate(rasa_ports):
            start_rasa(supervisor, port, "endpoints.production.yml", env, run / f"rasa-{n}.log", replica=True)
        print(f"Production profile ready: http://{values['PUBLIC_INTERFACE']}:{public_port}/ "
              f"({len(rasa_ports)} Rasa, {len(action_ports)} action servers; logs in {run})", flush=True)
        return supervisor.watch()

    return Supervisor().run(start)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["shell", "serve", "serve-prod", "check"])
    parser.add_argument("profile", nargs="?", default=settings.EMBEDDED, help="for check: embedded or production")
    parser.add_argument("--run-folder", default=str(RUN / "prod"), help="serve-prod: logs and nginx files")
    args = parser.parse_args(argv)
    profile = settings.PRODUCTION if args.command == "serve-prod" else \
        args.profile if args.command == "check" else settings.EMBEDDED
    try:
        values = settings.check(profile)
    except settings.SettingsError as error:
        print(f"cannot start the {profile} profile: {error}", file=sys.stderr)
        return 2
    if args.command == "check":
        print(f"{profile} profile: settings complete")
        return 0
    if not MODEL.exists():
        print(f"{MODEL} is missing: run make train", file=sys.stderr)
        return 2
    if args.command == "serve-prod":
        return production(values, Path(args.run_folder))
    return embedded(args.command, values)


if __name__ == "__main__":
    sys.exit(main())
