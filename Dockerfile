# The Oversight application image: docker-compose.yml runs it as web, worker and beat, each a
# Makefile target. Three stages, so the image that runs holds neither Node nor a compiler:
#
#   assets  Node compiles GOV.UK Frontend with the app's Sass (npm ci, npm run build:css)
#   wheels  Python builds a wheel of every pinned run-time dependency
#   app     python slim with the wheels installed, the compiled CSS and GOV.UK Frontend's
#           static files copied in, running as the unprivileged user `oversight`

# --- assets: the stylesheet --------------------------------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend ./frontend
RUN npm run --silent build:css

# --- wheels: the Python dependencies -----------------------------------------------------
FROM python:3.11-slim-bookworm AS wheels
# A compiler only here, for any pinned package without a ready wheel for this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY requirements.txt ./
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

# --- app: what runs ----------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS app
# make runs the production targets; pango, harfbuzz and Liberation fonts are WeasyPrint's (PDFs).
RUN apt-get update \
 && apt-get install -y --no-install-recommends make \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 oversight \
 && useradd --system --uid 10001 --gid oversight --home-dir /app --shell /usr/sbin/nologin oversight

WORKDIR /app
# The Makefile runs .venv/bin/..., so the virtual environment lives where it expects.
COPY --from=wheels /wheels /wheels
COPY requirements.txt ./
RUN python -m venv .venv \
 && .venv/bin/pip install --no-cache-dir --no-index --find-links /wheels -r requirements.txt \
 && rm -rf /wheels

COPY --chown=oversight:oversight . .
# The compiled stylesheet, and GOV.UK Frontend's fonts, images and JavaScript (a STATICFILES_DIRS
# entry), from the Node stage: the only things this image takes from node_modules.
COPY --from=assets --chown=oversight:oversight /build/static/css/application.css static/css/application.css
COPY --from=assets --chown=oversight:oversight /build/node_modules/govuk-frontend/dist/govuk node_modules/govuk-frontend/dist/govuk

# Static files collected at build time so `make serve` starts quickly (it collects again, which
# only copies what changed). .data holds the collected files, uploads (a volume) and beat's
# schedule, so it belongs to the user the processes run as.
RUN OVERSIGHT_ENV=production SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost ALLOWED_HOSTS=build \
    .venv/bin/python manage.py collectstatic --no-input --verbosity 0 \
 && mkdir -p .data/media \
 && chown -R oversight:oversight .data

USER oversight
ENV OVERSIGHT_ENV=production PORT=8000 PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1
EXPOSE 8000
CMD ["make", "serve"]
