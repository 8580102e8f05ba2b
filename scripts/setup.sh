#!/usr/bin/env bash
# Installs what LiveServer needs on Debian/Ubuntu and is missing: FFmpeg (with ffprobe), a font for
# the test pictures' names, and any Debian packages named as arguments (scripts/setup.sh chromium).
# Then builds the pages' browser libraries (hls.js, the SignalR client) from web/ into
# src/LiveServer.Api/wwwroot/lib when they are missing or web/package-lock.json changed; Node.js and
# npm are installed for that only when they are needed and missing.
# The .NET 10 SDK must be there already (https://dot.net). Runs as root or through sudo; idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

lib=src/LiveServer.Api/wwwroot/lib
lock_hash=$(sha256sum web/package-lock.json | cut -d' ' -f1)
web_stale=false
if [ ! -s "$lib/hls.min.js" ] || [ ! -s "$lib/signalr.min.js" ] \
   || [ "$(cat "$lib/package-lock.sha256" 2>/dev/null || true)" != "$lock_hash" ]; then
  web_stale=true
fi

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if $web_stale && ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
for package in "$@"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if $web_stale; then
  echo "setup: building the pages' browser libraries (npm ci in web/)"
  npm ci --prefix web --silent --no-audit --no-fund >/dev/null
  npm run --prefix web --silent build
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi
echo "setup: ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), dotnet $(dotnet --version)"
