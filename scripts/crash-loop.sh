#!/usr/bin/env bash
# Crash loop (issue 12): runs the SIGKILL test of tests/LiveServer.EndToEnd.Tests/RestartTests.cs
# (server process killed at a random point mid-stream, restarted on the same data folder, every
# segment on disk listed, playlists ended, HLS_FAILED "server stopped unexpectedly", the event log
# numbered without gaps, the database readable) many more times than CI does (3 kill points there).
# Usage: scripts/crash-loop.sh [--rounds 20]
# Prints one line per round and the totals; exits non-zero when any round failed.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=20
while [ "$#" -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "usage: scripts/crash-loop.sh [--rounds 20]" >&2; exit 2 ;;
  esac
done
command -v ffmpeg >/dev/null || scripts/setup.sh
dotnet build tests/LiveServer.EndToEnd.Tests/LiveServer.EndToEnd.Tests.csproj -c Release -nologo -clp:ErrorsOnly
passed=0
failed=0
for round in $(seq 1 "$rounds"); do
  if dotnet test tests/LiveServer.EndToEnd.Tests/LiveServer.EndToEnd.Tests.csproj -c Release --no-build -nologo \
       --filter "FullyQualifiedName~RestartTests.Killed_MidStream" > "/tmp/crash-loop-$round.log" 2>&1; then
    passed=$((passed + 1)); echo "round $round: passed"
  else
    failed=$((failed + 1)); echo "round $round: FAILED (log: /tmp/crash-loop-$round.log)"
  fi
done
echo "crash loop: $((passed * 3)) kills recovered in $passed rounds, $failed rounds failed"
[ "$failed" -eq 0 ]
