# The Oversight application image: used by docker-compose.yml for web, worker and beat.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends make nodejs npm \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt requirements-dev.txt package.json package-lock.json Makefile ./
RUN python -m venv .venv \
 && .venv/bin/pip install --no-cache-dir -r requirements.txt \
 && npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN npm run --silent build:css \
 && OVERSIGHT_ENV=production SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost ALLOWED_HOSTS=build \
    .venv/bin/python manage.py collectstatic --no-input --verbosity 0

ENV OVERSIGHT_ENV=production PORT=8000
EXPOSE 8000
CMD ["make", "serve"]
