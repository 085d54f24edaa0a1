#!/usr/bin/env bash
# Starts a whole hosted deployment on this machine, without containers, for trying it out:
# Debian's redis-server and PostgreSQL, a loopback S3-compatible store (s3rver), one API node and
# two workers (`painterly serve|worker --redis --database --storage`). State lives in DIR (default
# ./deployment) and survives restarts. Ctrl-C stops everything. See docs/service.md.
#
#   apt-get install redis-server postgresql      # once
#   npm install && npx tsc -p tsconfig.build.json # once (the CLI runs from dist/)
#   scripts/service/start-deployment.sh [DIR]
#
# Ports (override with the environment): REDIS_PORT 16379, PG_PORT 15432, S3_PORT 19000, API_PORT 8788.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR="$(realpath -m "${1:-deployment}")"
REDIS_PORT="${REDIS_PORT:-16379}" PG_PORT="${PG_PORT:-15432}" S3_PORT="${S3_PORT:-19000}" API_PORT="${API_PORT:-8788}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }
[ -x "$PG_BIN/pg_ctl" ] || { echo "PostgreSQL is missing: apt-get install postgresql" >&2; exit 1; }
[ -f dist/src/cli/main.js ] || { echo "Build the CLI first: npx tsc -p tsconfig.build.json" >&2; exit 1; }
mkdir -p "$DIR/redis" "$DIR/pg" "$DIR/s3" "$DIR/logs"

# PostgreSQL will not run as root: then it runs as Debian's postgres user.
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$DIR/pg"; chmod 711 "$DIR"; fi
[ -f "$DIR/pg/PG_VERSION" ] || "${as_pg[@]}" "$PG_BIN/initdb" -D "$DIR/pg" -U painterly --auth=trust -E UTF8 >"$DIR/logs/initdb.log"

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null 2>&1 || true
  wait
  exit 0
}
trap stop INT TERM EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DIR/redis" --appendonly yes >"$DIR/logs/redis.log" 2>&1 &
pids+=($!)
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$DIR/pg" -l "$DIR/pg/server.log" -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1" -w start >/dev/null
node scripts/service/s3-dev-server.mjs "$DIR/s3" "$S3_PORT" painterly >"$DIR/logs/s3.log" 2>&1 &
pids+=($!)

CONNECTIONS=(--redis "redis://127.0.0.1:$REDIS_PORT" --database "postgres://painterly@127.0.0.1:$PG_PORT/postgres" --storage "http://S3RVER:S3RVER@127.0.0.1:$S3_PORT/painterly")
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
node bin/painterly.js serve --port "$API_PORT" "${CONNECTIONS[@]}" >"$DIR/logs/api.log" 2>&1 &
pids+=($!)
for n in 1 2; do
  node bin/painterly.js worker "${CONNECTIONS[@]}" >"$DIR/logs/worker-$n.log" 2>&1 &
  pids+=($!)
done

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$API_PORT/api/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
echo "Painterly hosted deployment: http://127.0.0.1:$API_PORT (logs in $DIR/logs, PostgreSQL's in $DIR/pg/server.log; Ctrl-C stops it)"
echo "Try:  curl -s -X POST http://127.0.0.1:$API_PORT/api/guests"
wait -n "${pids[@]}" || true
echo "A component stopped; see $DIR/logs." >&2
