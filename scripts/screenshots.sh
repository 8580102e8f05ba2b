#!/usr/bin/env bash
# Regenerates docs/screenshots/ (one thumbnail of every layout x theme in both orientations) and
# docs/templates/example.png (the example template with four hosts), taken
# from a real server with test participants through POST /v2/hls/capture. Layout and theme change on
# a running livestream (PATCH /v2/hls/{id}/config), so each orientation needs one livestream.
# Usage: scripts/screenshots.sh            (builds, starts a server on a free port, stops it after)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build src/LiveServer.Api -c Release -nologo -clp:ErrorsOnly

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 5199)
base="http://127.0.0.1:$port"
storage=$(mktemp -d)
out=docs/screenshots
mkdir -p "$out"

(cd src/LiveServer.Api && Hls__StoragePath="$storage" WebRtc__UdpPort=0 WebRtc__BindAddress=127.0.0.1 \
  exec dotnet bin/Release/net10.0/LiveServer.dll --urls "$base" >"$storage/server.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$storage"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.2; done

post() { curl -fsS -X POST "$base$1" -H 'content-type: application/json' -d "$2"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

for orientation in landscape portrait; do
  room="shots-$orientation-$RANDOM"
  post /v2/rooms "{\"customRoomId\":\"$room\"}" >/dev/null
  post "/v2/rooms/$room/test-participants" '{"name":"Ada Lovelace","width":640,"height":360}' >/dev/null
  post "/v2/rooms/$room/test-participants" '{"name":"Grace Hopper","pattern":"color","color":"#2f6fdf","width":640,"height":360}' >/dev/null
  post "/v2/rooms/$room/test-participants" '{"name":"Linus","pattern":"color","color":"#d9822b","width":480,"height":640}' >/dev/null
  id=$(post /v2/hls/start "{\"roomId\":\"$room\",\"config\":{\"quality\":\"med\",\"orientation\":\"$orientation\"}}" | field id)
  until curl -fs "$base/v2/hls/$id" | grep -q HLS_PLAYABLE; do sleep 0.2; done
  for layout in GRID SPOTLIGHT SIDEBAR; do
    for theme in DARK LIGHT DEFAULT; do
      curl -fsS -X PATCH "$base/v2/hls/$id/config" -H 'content-type: application/json' \
        -d "{\"layout\":{\"type\":\"$layout\",\"gridSize\":4},\"theme\":\"$theme\"}" >/dev/null
      sleep 1.5
      name=$(echo "$layout-$theme-$orientation" | tr 'A-Z' 'a-z')
      post /v2/hls/capture "{\"roomId\":\"$room\",\"format\":\"png\",\"width\":$([ "$orientation" = landscape ] && echo 640 || echo 360)}" >"$out/$name.png"
      echo "screenshots: $out/$name.png"
    done
  done
  post /v2/hls/end "{\"roomId\":\"$room\"}" >/dev/null
done

# The example template (docs/templates/example.png): four hosts, a poll with votes, a chat line.
room="shots-template-$RANDOM"
post /v2/rooms "{\"customRoomId\":\"$room\"}" >/dev/null
post "/v2/rooms/$room/test-participants" '{"name":"Ada Lovelace","width":640,"height":360}' >/dev/null
post "/v2/rooms/$room/test-participants" '{"name":"Grace Hopper","pattern":"color","color":"#2f6fdf","width":640,"height":360}' >/dev/null
post "/v2/rooms/$room/test-participants" '{"name":"Linus","pattern":"color","color":"#d9822b","width":480,"height":640}' >/dev/null
post "/v2/rooms/$room/test-participants" '{"name":"Margaret Hamilton","pattern":"color","color":"#3f9f5f","width":640,"height":360}' >/dev/null
id=$(post /v2/hls/start "{\"roomId\":\"$room\",\"templateUrl\":\"$base/templates/example.html\",\"config\":{\"quality\":\"med\"}}" | field id)
until curl -fs "$base/v2/hls/$id" | grep -q HLS_PLAYABLE; do sleep 0.2; done
poll=$(post "/v2/rooms/$room/polls" '{"question":"Which layout next week?","options":["Grid","Spotlight","Sidebar"]}' | field pollId)
post "/v2/rooms/$room/polls/$poll/votes" '{"optionId":"b"}' >/dev/null || true
post "/v2/rooms/$room/pubsub/CHAT" '{"message":"Hello from the audience!","persist":true}' >/dev/null
sleep 2
post /v2/hls/capture "{\"roomId\":\"$room\",\"format\":\"png\",\"width\":960}" >docs/templates/example.png
echo "screenshots: docs/templates/example.png"
post /v2/hls/end "{\"roomId\":\"$room\"}" >/dev/null
