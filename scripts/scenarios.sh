#!/usr/bin/env bash
# Whole-pipeline scenarios of issue 5 (bench/LiveServer.Scenarios): builds Release (server and runner;
# nothing beyond scripts/setup.sh is installed), starts the built server as its own process on
# 127.0.0.1 with free ports, runs the scenarios and prints a table of measured values beside their
# targets; writes bench/results/scenarios-<UTC time>.json and .md. Full run ≤ 30 min, --quick ≤ 6 min.
# Usage: scripts/scenarios.sh [--quick] [--include extra-results.json] [composite|playable|latency|capacity|memory|template ...]
# Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/LiveServer.Api/LiveServer.Api.csproj -c Release -nologo -clp:ErrorsOnly
dotnet build bench/LiveServer.Scenarios/LiveServer.Scenarios.csproj -c Release -nologo -clp:ErrorsOnly
# dotnet-gcdump (the memory scenario's live-heap measurement), pinned in .config/dotnet-tools.json.
dotnet tool restore >/dev/null
exec dotnet bench/LiveServer.Scenarios/bin/Release/net10.0/LiveServer.Scenarios.dll "$@"
