#!/usr/bin/env bash
# A LiveServer cluster on this machine: Redis and PostgreSQL (Debian's packages, installed when
# missing) bound to 127.0.0.1 with their data in a temporary folder, and N server nodes on loopback
# ports, all on the one Redis (Cluster:Redis) and the one database (Storage:Provider=Postgres), with
# one shared HLS and recordings folder (so a lost node's recordings stay playable).
#
#   scripts/cluster.sh up [N]     builds, starts everything (N nodes, default 3), prints one line per
#                                 node, "node <i> <http url> <pid>", and returns with it all running
#   scripts/cluster.sh down       stops the nodes (SIGTERM: they drain), PostgreSQL and Redis, and
#                                 deletes the folder
#   scripts/cluster.sh status     the nodes' lines again, with "running" or "gone"
#
# The nodes take their settings from the environment this runs in (every LiveServer setting as an
# environment variable: Auth__Secret, Webhooks__Urls__0, Admission__..., Hls__...); those the cluster
# needs per node (ports, node id, Redis, database, folders) are set here. Without Auth__Secret one is
# generated into the cluster folder and printed, so tokens minted with it work on every node:
#   Auth__Secret=$(cat "$LIVESERVER_CLUSTER_DIR/auth-secret") dotnet src/LiveServer.Api/bin/Release/net10.0/LiveServer.dll token --role crawler
# The folder is $LIVESERVER_CLUSTER_DIR (default /tmp/liveserver-cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=${LIVESERVER_CLUSTER_DIR:-/tmp/liveserver-cluster}
server_dll=$root/src/LiveServer.Api/bin/Release/net10.0/LiveServer.dll

free_port() { python3 -c "import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1]=='udp' else socket.SOCK_STREAM); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])" "$1"; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

wait_healthy() { # url pid log
  for _ in $(seq 1 120); do
    if ! alive "$2"; then echo "cluster: the node at $1 exited; its log ($3):" >&2; tail -20 "$3" >&2; return 1; fi
    curl -fsS -o /dev/null "$1/health" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "cluster: the node at $1 did not become healthy in 60 s; its log ($3):" >&2; tail -20 "$3" >&2; return 1
}

up() {
  local count=${1:-3}
  if [ -e "$dir/nodes" ]; then echo "cluster: already up in $dir (scripts/cluster.sh down first)" >&2; exit 1; fi
  scripts/setup.sh redis-server postgresql curl
  dotnet build src/LiveServer.Api -c Release -nologo -clp:ErrorsOnly
  mkdir -p "$dir"/{redis,pg,hls,recordings,logs}

  local redis_port pg_port
  redis_port=$(free_port tcp)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir/redis" \
    --daemonize no --loglevel warning > "$dir/logs/redis.log" 2>&1 &
  echo $! > "$dir/redis.pid"
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$redis_port" ping >/dev/null || { echo "cluster: redis did not start" >&2; cat "$dir/logs/redis.log" >&2; exit 1; }

  pg_port=$(free_port tcp)
  local bin; bin=$(pg_bin)
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir/pg"
  as_postgres "$bin/initdb" -D "$dir/pg/data" -U liveserver -A trust -E UTF8 --locale C.UTF-8 > "$dir/logs/initdb.log"
  as_postgres "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w -t 60 \
    -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1" start > /dev/null
  "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U liveserver -d postgres -qc "CREATE DATABASE liveserver" > /dev/null
  echo "$redis_port $pg_port" > "$dir/ports"

  if [ -z "${Auth__Secret:-}" ]; then
    [ -s "$dir/auth-secret" ] || (umask 077; head -c 48 /dev/urandom | base64 -w0 > "$dir/auth-secret")
    Auth__Secret=$(cat "$dir/auth-secret")
    echo "cluster: no Auth__Secret in the environment; generated one in $dir/auth-secret"
  fi
  export Auth__Secret
  export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
  export ASPNETCORE_WEBROOT=${ASPNETCORE_WEBROOT:-$root/src/LiveServer.Api/wwwroot}
  export Cluster__Redis="127.0.0.1:$redis_port"
  export Storage__Provider=Postgres
  export Storage__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=liveserver;Database=liveserver"
  export Hls__StoragePath="$dir/hls" Storage__RecordingsPath="$dir/recordings"

  : > "$dir/nodes"
  local i port udp url pid
  for i in $(seq 1 "$count"); do
    port=$(free_port tcp)
    udp=$(free_port udp)
    url="http://127.0.0.1:$port"
    Cluster__NodeId="node-$i" Cluster__AdvertisedUrl="$url" WebRtc__UdpPort="$udp" \
      setsid dotnet "$server_dll" --urls "$url" > "$dir/logs/node-$i.log" 2>&1 < /dev/null &
    pid=$!
    echo "$i $url $pid" >> "$dir/nodes"
  done
  while read -r i url pid; do
    wait_healthy "$url" "$pid" "$dir/logs/node-$i.log" || { down; exit 1; }
  done < "$dir/nodes"
  while read -r i url pid; do echo "node $i $url $pid"; done < "$dir/nodes"
}

down() {
  [ -d "$dir" ] || { echo "cluster: nothing in $dir"; return 0; }
  if [ -e "$dir/nodes" ]; then
    local i url pid
    while read -r i url pid; do alive "$pid" && kill -TERM "$pid" 2>/dev/null || true; done < "$dir/nodes"
    # A node drains on SIGTERM: it ends its livestreams and hands its rooms back (40 s at most).
    for _ in $(seq 1 80); do
      local left=0
      while read -r i url pid; do alive "$pid" && left=1; done < "$dir/nodes"
      ((left)) || break
      sleep 0.5
    done
    while read -r i url pid; do alive "$pid" && kill -KILL "$pid" 2>/dev/null || true; done < "$dir/nodes"
  fi
  if [ -e "$dir/pg/data/postmaster.pid" ]; then
    as_postgres "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m fast -w stop > /dev/null || true
  fi
  if [ -e "$dir/redis.pid" ]; then
    local redis; redis=$(cat "$dir/redis.pid")
    alive "$redis" && kill -TERM "$redis" 2>/dev/null || true
  fi
  rm -rf "$dir"
  echo "cluster: down"
}

status() {
  [ -e "$dir/nodes" ] || { echo "cluster: not up"; return 1; }
  local i url pid
  while read -r i url pid; do
    if alive "$pid"; then echo "node $i $url $pid running"; else echo "node $i $url $pid gone"; fi
  done < "$dir/nodes"
}

case ${1:-} in
  up) up "${2:-3}" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh up [N] | down | status" >&2; exit 2 ;;
esac
