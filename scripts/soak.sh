#!/usr/bin/env bash
# Soak (issue 6): runs tests/LiveServer.EndToEnd.Tests/SoakTests.cs for longer than CI does. The
# built server process gets 4 test publishers and 1 WHIP publisher (real ICE/DTLS/SRTP from the test)
# in one livestream while a guest joins and the previous one leaves every interval, then the test
# checks: no crash, server RSS flat within 10 % (after warm-up vs end, peak printed), no FFmpeg child
# and no extra file handle left after the stop, a continuous playlist (every EXTINF as configured,
# contiguous media sequence, every segment stored), listed duration vs wall time.
# Usage: scripts/soak.sh [--minutes 30] [--interval 60] [--quality low|med|high]
# Prints the summary block at the end; it is also kept in bench/results/soak.txt. Not part of
# scripts/test.sh, which runs the same test for 90 s with a change every 15 s.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=30
interval=60
quality=low
while [ "$#" -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --quality) quality="$2"; shift 2 ;;
    *) echo "usage: scripts/soak.sh [--minutes 30] [--interval 60 (seconds)] [--quality low|med|high]" >&2; exit 2 ;;
  esac
done
command -v ffmpeg >/dev/null || scripts/setup.sh
dotnet build tests/LiveServer.EndToEnd.Tests/LiveServer.EndToEnd.Tests.csproj -c Release -nologo -clp:ErrorsOnly
mkdir -p bench/results
summary="$PWD/bench/results/soak.txt"
rm -f "$summary"
status=0
LIVESERVER_SOAK_DURATION=$((minutes * 60)) LIVESERVER_SOAK_INTERVAL="$interval" LIVESERVER_SOAK_QUALITY="$quality" \
LIVESERVER_SOAK_SUMMARY="$summary" \
  dotnet test tests/LiveServer.EndToEnd.Tests/LiveServer.EndToEnd.Tests.csproj -c Release --no-build --nologo \
    --filter "FullyQualifiedName~LiveServer.EndToEnd.Tests.SoakTests" \
    --blame-hang-timeout "$((minutes + 10))m" || status=$?
echo
if [ -s "$summary" ]; then
  cat "$summary"
else
  echo "soak: no summary was written (the test stopped before the end; see the output above)"
fi
if [ "$status" -eq 0 ]; then echo "soak: passed"; else echo "soak: FAILED"; fi
exit "$status"
