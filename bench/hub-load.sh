#!/usr/bin/env bash
# Hub fan-out (issue 13): builds Release, starts the built server on 127.0.0.1 (a free port, a temporary
# data folder, a random Auth:Secret), raises the open-file limit, and runs bench/LiveServer.HubLoad: N
# viewers on /hubs/rooms in one room (WebSockets, several load processes), reactions and chat for a
# bounded time with a vote burst halfway and one on the quiet hub after; prints the summary table and
# the verdict against the targets (fan-out to the last viewer p99 <= 250 ms, no viewer disconnected,
# <= 20 KB of server memory per viewer, final vote count on every viewer <= 1 s) and exits 1 when one is
# missed. Everything stops by itself. Results: bench/results/hub-load-<UTC time>.{json,md} and the
# server's log beside them.
#
# Usage: bench/hub-load.sh [--viewers 10000] [--seconds 30] [--processes N] [--reactions 5000] [--chat 200]
#          [--reaction-senders 50] [--chat-senders 20] [--votes 1000] [--gcdump] [--slow-viewers N] ...
#        bench/hub-load.sh --viewers 1000            # a quick check, about a minute
#        bench/hub-load.sh --no-build ...             # the last Release build as it is
#        bench/hub-load.sh --server-env DOTNET_GCgen0size=0x1000000 ...   # a setting for the server only (repeatable)
# (every other option is LiveServer.HubLoad's, see its HubLoadOptions.cs).
#
# The run raises these server settings through the environment (never their defaults in appsettings.json),
# because every load connection comes from 127.0.0.1 and each sender sends far more than a person would
# (4x its share, so a server that got no core for a moment and then reads a backlog at once does not refuse):
#   Interactive__ReactionsPerSecond   = 4 x reactions / reaction senders (per-identity bucket; default 10)
#   Interactive__MessagesPerSecond    = 4 x chat / chat senders, Interactive__MessageBurst twice that (defaults 5, 10)
#   Interactive__MessagesPerSecondPerAddress = 4 x chat (default 50: all chat senders share one address)
#   Limits__RestRequestsPerWindow     = 100000 (default 2000 per 10 s per address: two bursts of votes)
# and Serilog__MinimumLevel__Default = Warning (one request log line per vote and per closed connection otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

viewers=10000 reactions=5000 chat=200 reaction_senders=50 chat_senders=20 gcdump=0 build=1
args=() server_env=()
while (($#)); do
  case $1 in
    --no-build) build=0 ;;
    --server-env) server_env+=("$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --viewers) viewers=${args[$((i + 1))]} ;;
    --reactions) reactions=${args[$((i + 1))]} ;;
    --chat) chat=${args[$((i + 1))]} ;;
    --reaction-senders) reaction_senders=${args[$((i + 1))]} ;;
    --chat-senders) chat_senders=${args[$((i + 1))]} ;;
    --gcdump) gcdump=1 ;;
  esac
done

# Each viewer is a socket in the server, and the server also holds the senders, the voters' pool and its own files.
want=65536
hard=$(ulimit -Hn)
if [[ $hard != unlimited && $hard -lt $want ]]; then
  ulimit -Hn "$want" 2>/dev/null || echo "note: the hard open-file limit is $hard and cannot be raised here (ulimit -Hn $want refused)"
  hard=$(ulimit -Hn)
fi
if [[ $hard == unlimited || $hard -ge $want ]]; then ulimit -n "$want"; else ulimit -n "$hard"; fi
need=$((viewers + reaction_senders + chat_senders + 1500))
echo "open files: $(ulimit -n) per process (hard limit $(ulimit -Hn)); the server needs about $need"
if (($(ulimit -n) < need)); then
  echo "The open-file limit $(ulimit -n) is below what the server needs for $viewers viewers; run fewer (--viewers)." >&2
  exit 2
fi

if ((build)); then dotnet build bench/LiveServer.HubLoad/LiveServer.HubLoad.csproj -c Release -nologo -clp:ErrorsOnly; fi
if ((gcdump)); then dotnet tool restore >/dev/null; fi

per_sender() { echo $(((4 * $1 + $2 - 1) / $2)); }
reaction_rate=$(per_sender "$reactions" "$reaction_senders")
((reaction_rate > 1000)) && reaction_rate=1000
((reaction_rate < 10)) && reaction_rate=10
chat_rate=$(per_sender "$chat" "$chat_senders")
((chat_rate > 1000)) && chat_rate=1000
((chat_rate < 5)) && chat_rate=5
address_rate=$((4 * chat))
((address_rate < 50)) && address_rate=50

free_port() { python3 -c "import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1]=='udp' else socket.SOCK_STREAM); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])" "$1"; }
port=$(free_port tcp)
udp=$(free_port udp)
data=$(mktemp -d /tmp/hub-load.XXXXXX)
secret=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')
mkdir -p bench/results
log="$root/bench/results/hub-load-server.log"

server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 35); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT

echo "server: http://127.0.0.1:$port, data in $data, log $log"
echo "settings for the run: Interactive__ReactionsPerSecond=$reaction_rate Interactive__MessagesPerSecond=$chat_rate" \
  "Interactive__MessageBurst=$((2 * chat_rate)) Interactive__MessagesPerSecondPerAddress=$address_rate Limits__RestRequestsPerWindow=100000"
# From its build folder, as the test kit's ServerProcess starts it: that is its content root (appsettings.json, the log sinks).
(
  cd "$root/src/LiveServer.Api/bin/Release/net10.0"
  exec env ASPNETCORE_ENVIRONMENT=Production \
    Auth__Secret="$secret" \
    Hls__StoragePath="$data/hls" Storage__Database="$data/liveserver.db" Storage__RecordingsPath="$data/recordings" Storage__MinFreeBytes=0 \
    Media__TestSourceCache="$data/test-sources" ASPNETCORE_WEBROOT="$root/src/LiveServer.Api/wwwroot" \
    WebRtc__UdpPort="$udp" WebRtc__BindAddress=127.0.0.1 \
    Serilog__MinimumLevel__Default=Warning \
    Interactive__ReactionsPerSecond="$reaction_rate" \
    Interactive__MessagesPerSecond="$chat_rate" Interactive__MessageBurst="$((2 * chat_rate))" \
    Interactive__MessagesPerSecondPerAddress="$address_rate" \
    Limits__RestRequestsPerWindow=100000 \
    "${server_env[@]}" \
    dotnet "$root/src/LiveServer.Api/bin/Release/net10.0/LiveServer.dll" --urls "http://127.0.0.1:$port"
) >"$log" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)
  [[ $code != 000 ]] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "The server exited:" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 0.5
done
echo "server up (pid $server_pid, /health $code)"

rc=0
Auth__Secret="$secret" dotnet bench/LiveServer.HubLoad/bin/Release/net10.0/LiveServer.HubLoad.dll \
  --url "http://127.0.0.1:$port" --server-pid "$server_pid" "${args[@]}" || rc=$?

# The server counts room events it dropped (queue full) or could not send, and says so at shutdown.
kill -TERM "$server_pid" 2>/dev/null || true
for _ in $(seq 1 35); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
echo "server log, warnings about room events:"
grep -E "cannot keep up|Room events:|Could not send" "$log" || echo "  none (no room event dropped or failed)"
exit "$rc"
