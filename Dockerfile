# syntax=docker/dockerfile:1
# One image for every role of the assistant (deploy/compose/README.md):
#   Rasa server (default)  python -m deploy.rasa_server --port 5005 --endpoints endpoints.production.yml
#   action server          python -m deploy.action_server --port 5055
#   chat page server       python scripts/serve_web.py --port 8080 --rasa-url <public URL>
# The knowledge index and the model are built here, so a container starts without building anything.
#
#   docker build -t apec-msme-assistant .

ARG PYTHON_IMAGE=python:3.10-slim-bookworm

# ---- deps: the locked set, installed the way scripts/install does -----------------------------
FROM ${PYTHON_IMAGE} AS deps
# The venv lives where the final image has it: its scripts (rasa, alembic) name their
# interpreter by absolute path, and deploy/processes.py expects .venv beside the code.
RUN python -m venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.lock scripts/openmp_spin.pth /tmp/install/
# --no-deps from the fully resolved lock: pip never resolves, so it cannot backtrack;
# `pip check` then proves the set whole. PyPI's torch is a CUDA build (a few GB) that runs
# on the CPU: kept as locked, but no pip cache is left in the layer.
# openmp_spin.pth must sit in site-packages: it sets GOMP_SPINCOUNT before any library
# loads OpenMP, so the Rasa and action servers do not starve each other's cores.
RUN pip install --no-cache-dir --quiet --upgrade "pip==24.2" \
 && pip install --no-cache-dir --progress-bar off --no-deps -r /tmp/install/requirements.lock \
 && pip check \
 && cp /tmp/install/openmp_spin.pth "$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/" \
 && rm -rf /tmp/install

# ---- build: the knowledge index and the Rasa model (make index, make train) ------------------
FROM deps AS build
WORKDIR /app
ENV RASA_TELEMETRY_ENABLED=false
# Only what the index and the model are made from: a change to a channel or an action
# rebuilds the final stage in seconds instead of retraining.
COPY config.yml domain.yml ./
COPY data/ data/
COPY components/ components/
COPY knowledge/ knowledge/
COPY locales/ locales/
COPY scripts/build_domain.py scripts/
RUN python scripts/build_domain.py --check \
 && python -m knowledge build
# Fixed seeds (config.yml) and TensorFlow's deterministic kernels: the same data trains the same model.
RUN TF_DETERMINISTIC_OPS=1 TF_CUDNN_DETERMINISTIC=1 PYTHONHASHSEED=0 \
    rasa train --fixed-model-name assistant --out models

# ---- runtime ----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# A numeric id: Kubernetes' runAsNonRoot can only verify a numeric USER. A home of its own
# because PyThaiNLP, Rasa and matplotlib keep small files under ~.
RUN groupadd --system --gid 10001 assistant \
 && useradd --system --uid 10001 --gid assistant --create-home --home-dir /home/assistant \
        --shell /usr/sbin/nologin assistant
WORKDIR /app
COPY --from=deps /app/.venv /app/.venv
COPY . .
# The build stage's knowledge/ is the same code plus the index (a link into index.builds/).
COPY --from=build /app/knowledge/ knowledge/
COPY --from=build /app/models/ models/
# The code stays root's and read-only to the servers; only var/ (the embedded profile's
# SQLite files) is theirs.
RUN mkdir -p var && chown assistant:assistant var
ENV PATH=/app/.venv/bin:$PATH \
    VIRTUAL_ENV=/app/.venv \
    PYTHONUNBUFFERED=1 \
    RASA_TELEMETRY_ENABLED=false \
    ASSISTANT_PROFILE=production \
    RASA_INTERFACE=0.0.0.0 \
    ACTIONS_INTERFACE=0.0.0.0 \
    WEB_HOST=0.0.0.0
USER 10001:10001
EXPOSE 5005 5055 8080
# No HEALTHCHECK: the same image serves three roles on three ports, so each deployment
# names its own check (deploy/compose/docker-compose.yml; probes in Kubernetes).
CMD ["python", "-m", "deploy.rasa_server", "--port", "5005", "--endpoints", "endpoints.production.yml"]
