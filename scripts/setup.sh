#!/usr/bin/env bash
# Installs what LiveServer needs on Debian/Ubuntu and is missing: FFmpeg (with ffprobe) and a font
# for the test pictures' names. The .NET 10 SDK must be there already (https://dot.net).
set -euo pipefail

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
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

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi
echo "setup: ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), dotnet $(dotnet --version)"
