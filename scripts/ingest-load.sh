#!/usr/bin/env bash
# WebRTC ingest cost (issue 5, scenario 5): builds Release, starts the built server as its own
# process on 127.0.0.1, publishes into it over WHIP with real ICE, DTLS and SRTP, replays a VP8 RTP
# stream (a 720p clip FFmpeg encodes once, cached in bench/results/cache/) as fast as the server
# keeps up, and prints packets per second per core of the server (its /proc CPU time against its own
# transport counters). Default: 1 and 4 sessions, each as fast as possible and at the real-time rate
# of the clip, 20 s per step after a 2 s warm-up (about 2 minutes in all); stops by itself.
# Arguments: --seconds N, --sessions 1,4, --rates max,realtime,<packets/s per session>, --out DIR.
# Results: bench/results/ingest-load.json and ingest-load.md. Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ffmpeg >/dev/null || scripts/setup.sh
dotnet build src/LiveServer.Api/LiveServer.Api.csproj -c Release -nologo -clp:ErrorsOnly
dotnet build bench/LiveServer.IngestLoad/LiveServer.IngestLoad.csproj -c Release -nologo -clp:ErrorsOnly
exec dotnet bench/LiveServer.IngestLoad/bin/Release/net10.0/LiveServer.IngestLoad.dll "$@"
