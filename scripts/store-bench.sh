#!/usr/bin/env bash
# Store and webhook figures (issue 12): builds Release and runs bench/LiveServer.StoreBench, which
# prints, from one run: room events per second through StoreWriter's batches vs one transaction per
# event (and the ratio), Post-to-committed latency at 500 events/s (p50, p99), and the time from a REST
# call to its signed webhook's arrival at a receiver on loopback (p50, p95). About 30 s.
# Usage: scripts/store-bench.sh [events (5000)]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ffmpeg >/dev/null || scripts/setup.sh
dotnet build src/LiveServer.Api/LiveServer.Api.csproj -c Release -nologo -clp:ErrorsOnly
dotnet build bench/LiveServer.StoreBench/LiveServer.StoreBench.csproj -c Release -nologo -clp:ErrorsOnly
exec dotnet bench/LiveServer.StoreBench/bin/Release/net10.0/LiveServer.StoreBench.dll "$@"
