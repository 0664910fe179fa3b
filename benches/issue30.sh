#!/usr/bin/env bash
# Issue 30's behaviours, before and after, side by side: one rbpub binary
# (RBPUB, default target/debug/rbpub) against a fresh sandbox per case (the
# sandbox of this tree: the twin of the real console). Prints one block per
# case: the exit status, the time taken, the last lines rbpub wrote, and the
# image pushes the sandbox counted. Run it with an older rbpub to see "before":
#   RBPUB=/path/to/old/rbpub benches/issue30.sh
# Loopback only; each sandbox is stopped when its case ends.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
RBPUB=${RBPUB:-$root/target/debug/rbpub}
SANDBOX=${SANDBOX:-$root/target/debug/rbpub-sandbox}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

start_sandbox() {
  local dir=$work/$1; shift
  mkdir -p "$dir"
  "$SANDBOX" --port 0 --db "$dir/sandbox.db" --push-ms 300 "$@" >"$dir/sandbox.out" 2>&1 &
  echo $! >"$dir/pid"
  for _ in $(seq 100); do
    url=$(grep -o 'listening on http://[0-9.:]*' "$dir/sandbox.out" | head -1 | cut -d' ' -f3)
    [ -n "$url" ] && break
    sleep 0.1
  done
  export RBPUB_STORE_URL=$url RBPUB_CONSOLE_URL=$url RBPUB_CONSOLE_USER=demo \
    RBPUB_CONSOLE_PASSWORD=demo-password RBPUB_STORE_KEY=sandbox-write-key-5f1c2e \
    RBPUB_DATA_DIR=$dir/data RBPUB_POLL_MS=200 RBPUB_BUSY_BACKOFF_MS=200
}

stop_sandbox() { kill "$(cat "$work/$1/pid")" 2>/dev/null; wait 2>/dev/null; }

faults() { curl -s -X PUT -H 'content-type: application/json' -d "$1" "$url/__sandbox/faults" >/dev/null; }
pushes() { curl -s "$url/__sandbox/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); print("pushes", s["imagePushes"], "records", s["shareRecords"], "library", s["libraryVersions"], "store", s["storeVersions"])'; }

# rbpub with a timer; its output's last lines.
run() {
  local t0=$(date +%s.%N)
  timeout 120 "$RBPUB" "$@" >"$work/out" 2>&1
  local code=$?
  printf '  exit %s in %.1f s: %s\n' "$code" "$(echo "$(date +%s.%N) - $t0" | bc)" "$*" | cut -c1-160
  tail -3 "$work/out" | sed 's/^/    | /' | cut -c1-220
}

publish=(publish --team demo-team --region local --app-id 2 --template Gitea --description Git --version 1.0.0)

echo "== A. offline console, no --to (before: the one-store view misread; after: refused, naming the library)"
start_sandbox a --cloud-disabled
run bind
run "${publish[@]}"
pushes
echo "== B. the same console, --to team"
run "${publish[@]}" --to team
pushes
stop_sandbox a

echo "== C. \"gitea\" where the team's library has \"Gitea\" (the console ignores case)"
start_sandbox c
run bind
run "${publish[@]}" --to team
run publish --team demo-team --region local --app-id 2 --template gitea --description Git --version 1.0.1 --to team
pushes
stop_sandbox c

echo "== D. WordPress links to a workload an operator manages"
start_sandbox d
run bind
run publish --team demo-team --region local --app-id 1 --template WordPress --description Blog --version 1.0.0 --to team
stop_sandbox d

echo "== E. the console loses the store three times while completing"
start_sandbox e
run bind
( # once an image push has started, the store goes out of the console's reach
  for _ in $(seq 300); do
    if curl -s "$url/__sandbox/log" | grep -q '"POST","path":"/console/teams/demo-team/share/[0-9]*/events/'; then
      faults '{"storeDisconnects": 3}'; break
    fi
    sleep 0.1
  done ) &
run "${publish[@]}" --to store
grep -c 'waiting: the console could not complete' "$work/out" | sed 's/^/    progress lines waiting on the store: /'
curl -s "$url/__sandbox/log" | grep -o '"path":"[^"]*/complete","status":[0-9]*' | sed 's/^/    /'
pushes
stop_sandbox e

echo "== F. a snapshot whose display name is longer than the console's column (64)"
start_sandbox f
run snapshot create --team demo-team --region local --app-id 3 --version 1.0.0 --alias "$(printf 'a%.0s' $(seq 65))"
curl -s "$url/__sandbox/log" | grep -o '"POST","path":"[^"]*app-versions"[^}]*' | sed 's/^/    sent: /' | head -2
stop_sandbox f
