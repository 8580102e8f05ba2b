#!/usr/bin/env bash
# Sets up what is missing, builds and runs the server on http://127.0.0.1:5080 (media UDP 5090).
# Arguments go to the server, e.g.: scripts/run.sh --urls http://0.0.0.0:5080
# Runs in Development: without Auth__Secret the server keeps one in data/auth-secret (tokens survive
# restarts; `LiveServer token --role crawler` uses it) and logs a token and the page URL carrying it
# ("Open http://127.0.0.1:5080/?token=...").
set -euo pipefail
cd "$(dirname "$0")/.."
# chromium: what custom templates (templateUrl) are drawn in.
scripts/setup.sh chromium
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
exec dotnet run --project src/LiveServer.Api -c Release -- "$@"
