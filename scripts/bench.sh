#!/usr/bin/env bash
# Builds Release and runs the micro benchmarks of the hot paths (bench/LiveServer.Benchmarks) with
# a short in-process job: a few minutes on two cores. Results (markdown + JSON per benchmark class)
# go to bench/results/. Extra arguments go to BenchmarkDotNet, e.g. scripts/bench.sh --filter '*Srtp*'.
# Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/LiveServer.Benchmarks/LiveServer.Benchmarks.csproj -c Release -nologo -clp:ErrorsOnly
if [ "$#" -eq 0 ]; then
  set -- --filter '*'
fi
rm -rf bench/results/results
dotnet bench/LiveServer.Benchmarks/bin/Release/net10.0/LiveServer.Benchmarks.dll "$@"
echo "results: bench/results/results/"
