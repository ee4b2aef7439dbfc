#!/usr/bin/env bash
# The main job, end to end: start a local AWS emulator, then in Examples/quickstart run
# prov init, plan, apply, plan again (which must find nothing to do), output and destroy.
set -euo pipefail
cd "$(dirname "$0")/.."
prov="$PWD/${1:-.build/release/prov}"
python="$(scripts/python.sh)"

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp -t prov-emulator.XXXXXX.log)"
"$python" -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "AWS emulator (moto_server) listening on http://127.0.0.1:$port"

export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_EC2_METADATA_DISABLED=true

cd Examples/quickstart
# Every run starts a new, empty emulator, so any state left by an earlier run is stale.
rm -f prov.state.db prov.state.db-wal prov.state.db-shm

step() { printf '\n\033[1m==> %s\033[0m\n\n' "$*"; }
step "prov init";                      "$prov" init
step "prov plan";                      "$prov" plan
step "prov apply -auto-approve";       "$prov" apply -auto-approve
step "prov plan (expecting no changes)"
"$prov" plan -detailed-exitcode || { echo "The second plan was not empty." >&2; exit 1; }
step "prov output";                    "$prov" output
step "prov destroy -auto-approve";     "$prov" destroy -auto-approve
step "Done: everything the quickstart created has been destroyed."
