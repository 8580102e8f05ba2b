#!/usr/bin/env bash
# Sets up what is missing, builds and runs the server on http://127.0.0.1:5080 (media UDP 5090).
# Arguments go to the server, e.g.: scripts/run.sh --urls http://0.0.0.0:5080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec dotnet run --project src/LiveServer.Api -c Release -- "$@"
