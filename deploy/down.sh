#!/usr/bin/env bash
# Stops what deploy/up.sh started, by the process ids in its state folder, and removes the throwaway PostgreSQL
# cluster and the sandbox's data. Safe to run any number of times; a pid that now belongs to another program is
# left alone.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
state="$repo/deploy/.run"
quiet=0
keep_logs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state=${2:?--state needs a value}; shift ;;
    --quiet) quiet=1 ;;
    --keep-logs) keep_logs=1 ;;
    --remove-logs) keep_logs=0 ;;
    -h|--help) echo "Usage: deploy/down.sh [--state DIR] [--remove-logs]"; exit 0 ;;
    *) echo "down.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
say() { [ "$quiet" = 1 ] || printf '==> %s\n' "$*"; }

if [ ! -d "$state" ]; then
  say "Nothing to stop ($state does not exist)."
  exit 0
fi

# Is NAME's recorded pid still the process up.sh started (alive, and its command line holds NAME.cmd)?
ours() {
  local name=$1 pid marker
  [ -f "$state/$name.pid" ] || return 1
  pid=$(cat "$state/$name.pid")
  marker=$(cat "$state/$name.cmd" 2>/dev/null || echo "")
  kill -0 "$pid" 2>/dev/null || return 1
  [ -z "$marker" ] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"
}

# SIGTERM (graceful: the apps finish requests and release their advisory locks), SIGKILL after 10 s.
stop() {
  local name=$1 pid
  if ours "$name"; then
    pid=$(cat "$state/$name.pid")
    say "Stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name did not stop in 10 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null
    fi
  fi
  rm -f "$state/$name.pid" "$state/$name.cmd"
}

# Front to back: no new requests, then the instances, then what they use.
stop haproxy
for pidfile in "$state"/app*.pid; do
  [ -e "$pidfile" ] || continue
  stop "$(basename "$pidfile" .pid)"
done
stop sandbox

if [ -f "$state/pg.dir" ]; then
  pg_dir=$(cat "$state/pg.dir")
  pg_bin=$(cat "$state/pg.bin" 2>/dev/null || echo "")
  if [ -d "$pg_dir/data" ] && ours postgres; then
    say "Stopping PostgreSQL (pid $(cat "$state/postgres.pid"))"
    as_pg=()
    [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
    if [ -z "$pg_bin" ] || ! "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      stop postgres
    fi
  fi
  rm -f "$state/postgres.pid" "$state/postgres.cmd"
  # Only a folder up.sh made (mktemp's demosaas-pg.* name) is removed.
  case "$(basename "$pg_dir")" in
    demosaas-pg.*)
      if [ -d "$pg_dir" ]; then
        # Keep PostgreSQL's log beside the others before its folder goes.
        if [ "$keep_logs" = 1 ] && [ -d "$state/logs" ] && [ -f "$pg_dir/postgres.log" ]; then
          rm -f "$state/logs/postgres.log"
          cp "$pg_dir/postgres.log" "$state/logs/postgres.log"
        fi
        rm -rf "$pg_dir"
        say "Removed the throwaway cluster $pg_dir"
      fi
      ;;
  esac
  rm -f "$state/pg.dir" "$state/pg.bin"
fi

rm -rf "$state/sandbox" "$state/haproxy.sock" "$state/stack.env" "$state"/app*.url
if [ "$keep_logs" = 0 ]; then
  rm -rf "$state"
  say "Removed $state"
else
  say "Stopped. Logs stay in $state/logs."
fi
exit 0
