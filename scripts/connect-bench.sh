#!/usr/bin/env bash
# Offer → connected per WHIP client (issue 10): builds Release, creates a test network (two network
# namespaces joined by a veth pair, addresses from 198.18.0.0/15 and 2001:db8::/32), starts the built
# server in one with its default media settings, and publishes into it N times from the other with
# stock Chromium, Firefox ESR, aiortc and GStreamer. Prints the median and p90 of each step of the
# server's connect timeline (first check, nomination, DTLS, first PLI, first frame, first keyframe)
# per client; writes bench/results/connect.md and connect.json. About 3 minutes with the default
# 10 runs per client. Needs root. Arguments: --runs N, --clients chromium,firefox,aiortc,gstreamer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh chromium firefox-esr python3-aiortc iproute2 gstreamer1.0-tools gstreamer1.0-plugins-base \
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-nice python3-gi python3-gst-1.0 gir1.2-gst-plugins-bad-1.0
dotnet build src/LiveServer.Api/LiveServer.Api.csproj -c Release -nologo -clp:ErrorsOnly
dotnet build bench/LiveServer.ConnectBench/LiveServer.ConnectBench.csproj -c Release -nologo -clp:ErrorsOnly
exec dotnet bench/LiveServer.ConnectBench/bin/Release/net10.0/LiveServer.ConnectBench.dll "$@"
