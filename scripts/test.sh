#!/usr/bin/env bash
# Sets up what is missing (Chromium, Firefox ESR, aiortc, GStreamer too), builds, and runs every test
# project: unit, integration (WebApplicationFactory + real FFmpeg), end-to-end (the server process,
# FFmpeg, ffprobe), browser (the pages in headless Chromium against the server process) and interop
# (stock browsers, aiortc and GStreamer publishing from a network namespace; needs root for ip netns);
# GStreamer, VLC and FFmpeg play the HLS output.
# Ends with one line "tests: N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
# Browsers and the other WebRTC stacks of the interop tests, iproute2 for their network namespaces;
# GStreamer (with libav's H.264 decoder) and VLC also play the HLS output in the end-to-end tests.
scripts/setup.sh chromium firefox-esr python3-aiortc iproute2 gstreamer1.0-tools gstreamer1.0-plugins-base \
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-nice gstreamer1.0-libav python3-gi python3-gst-1.0 \
  gir1.2-gst-plugins-bad-1.0 vlc-bin vlc-plugin-base redis-server postgresql || exit 1

dotnet build LiveServer.sln -c Release -nologo -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed"; exit 1; }

results=$(mktemp -d)
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  e=$(echo "$counters" | grep -o ' error="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

# A test host that crashed reports fewer results than it ran: never let that pass.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
rm -rf "$results"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
