# CSC Workforce: one image for the web server (cscw serve) and the worker (cscw worker).
# Build:  docker build -t csc-workforce .
# Try:    docs/deploy.md, "Containers" (compose.yaml: PostgreSQL, web, worker).

ARG PYTHON_IMAGE=python:3.11-slim-trixie

# 1. Build: install the locked dependencies (each file checked against its hash in
#    requirements.txt), then the package, into a virtual environment.
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml requirements.txt README.md LICENSE NOTICE ./
COPY src ./src
RUN python -m venv /opt/cscw \
    && /opt/cscw/bin/pip install --no-compile --require-hashes -r requirements.txt \
    && /opt/cscw/bin/pip install --no-compile --no-deps . \
    && find /opt/cscw -name '__pycache__' -prune -exec rm -rf {} +

# 2. Run: the virtual environment, PostgreSQL's client programs for cscw backup and restore,
#    Pango and a font for the annual report's PDF (WeasyPrint), static files collected, a user
#    of its own.
FROM ${PYTHON_IMAGE}
# Debian's current client, not a pinned version: rebuild the image for security updates.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/cscw --create-home cscw
COPY --from=build /opt/cscw /opt/cscw
ENV PATH=/opt/cscw/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=csc_workforce.web.settings.production \
    CSCW_VAR_DIR=/var/lib/cscw \
    HOST=0.0.0.0 \
    PORT=8000 \
    MPLCONFIGDIR=/opt/cscw/matplotlib
# matplotlib's font cache built once into the image, not at each container's first chart
RUN python -c "import matplotlib.font_manager"
WORKDIR /var/lib/cscw
# Collected with the local settings: production's refuse to load without the real secrets.
RUN DJANGO_SETTINGS_MODULE=csc_workforce.web.settings.base SECRET_KEY=collectstatic-only \
    cscw collectstatic --no-input --verbosity 0 \
    && rm -f /var/lib/cscw/secret_key \
    && mkdir -p /var/lib/cscw/backups \
    && chown -R cscw:cscw /var/lib/cscw
USER 10001:10001
EXPOSE 8000
# /healthz answers 200 when the database does; it needs a Host the service answers to.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 CMD \
    ["python", "-c", "import os, urllib.request as r; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0]; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"]
CMD ["cscw", "serve"]
