#!/usr/bin/env bash
# Runs every test of DemoSaaS on a fresh Debian machine: restore, a Chromium for Playwright, PostgreSQL, build, test.
# Three test runs: every test project on SQLite (the default), the Web tests again with every app host on PostgreSQL,
# then the multi-instance tests (several app hosts on one PostgreSQL database) on an otherwise quiet machine.
# Ends with one line: "N passed, N failed, N skipped" summed over all runs.
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '\n==> %s\n' "$*"; }

# 1. A Chromium for the Playwright journeys (Playwright's own browser download cannot work offline).
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable." >&2; exit 2; }
elif [ -x /usr/bin/chromium ]; then
  export CHROMIUM_PATH=/usr/bin/chromium
elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  log "Installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install chromium with apt-get." >&2; exit 2; }
  export CHROMIUM_PATH=/usr/bin/chromium
else
  echo "No Chromium found. Install Debian's 'chromium' package (as root: apt-get install chromium)" >&2
  echo "or set CHROMIUM_PATH to a Chromium executable, then run ./test.sh again." >&2
  exit 2
fi
log "Chromium: $("$CHROMIUM_PATH" --version 2>/dev/null | head -1)"

# 1b. HAProxy for the several-instances journey (deploy/up.sh balances its instances with it); the journey skips,
# saying why, when it is missing and cannot be installed here.
if ! command -v haproxy >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  log "Installing Debian's haproxy for the several-instances journey"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null \
    || echo "Could not install haproxy with apt-get; SeveralInstancesJourney will be skipped." >&2
fi
command -v haproxy >/dev/null && log "HAProxy: $(haproxy -v 2>/dev/null | head -1)"

# 2. PostgreSQL binaries (initdb, pg_ctl, postgres) for the PostgreSQL runs. The tests start their own throwaway
#    cluster in a temp folder (tests/Shared/PostgresCluster.cs); no system cluster is used or needed.
pg_bindir() {
  local dir
  for dir in "${DEMOSAAS_PG_BINDIR:-}" "$(pg_config --bindir 2>/dev/null)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}
if ! pg_bindir >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    log "Installing Debian's postgresql for the PostgreSQL tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || { echo "Could not install postgresql with apt-get." >&2; exit 2; }
    # The package may create and start a system cluster ("main"); the tests never use it, so it is stopped again.
    if command -v pg_lsclusters >/dev/null; then
      pg_lsclusters --no-header 2>/dev/null | awk '$4 == "online" { print $1, $2 }' | while read -r version cluster; do
        pg_ctlcluster "$version" "$cluster" stop || true
      done
    fi
  else
    echo "No PostgreSQL found. Install Debian's 'postgresql' package (as root: apt-get install postgresql)" >&2
    echo "or set DEMOSAAS_PG_BINDIR to the folder holding initdb and pg_ctl, then run ./test.sh again." >&2
    exit 2
  fi
fi
log "PostgreSQL: $("$(pg_bindir)/postgres" --version)"

# 3. Restore and build once; tests then run without rebuilding.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log "Restoring and building"
dotnet restore DemoSaaS.sln || exit 1
dotnet build DemoSaaS.sln --no-restore -c Debug || exit 1

# 4. The test runs. Each adds its counts to the sums; a run that executes no test fails the whole.
passed=0 failed=0 skipped=0 rc=0
failures=$(mktemp)
run_tests() {  # run_tests "what" dotnet test arguments...
  local what=$1 out code total f p s
  shift
  log "Testing: $what"
  out=$(mktemp)
  "$@" 2>&1 | tee "$out"
  code=${PIPESTATUS[0]}
  num() { grep -E "^\s*$1:\s*[0-9]+" "$out" | tail -1 | grep -oE '[0-9]+' | head -1; }
  total=$(num total); f=$(num failed); p=$(num succeeded); s=$(num skipped)
  total=${total:-0}; f=${f:-0}; p=${p:-0}; s=${s:-0}
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$total" -eq 0 ]; then
    echo "No test ran in: $what" >&2
    code=1
  fi
  # Each failure (name, message, first lines of its stack), repeated at the end where a CI log's tail shows it.
  if [ "$f" -ne 0 ]; then
    { echo "--- $what"; awk '/^[[:space:]]*failed [^ ]/ && !/failed with/ { n = 30 } n > 0 { print; n-- }' "$out"; } >> "$failures"
  fi
  [ "$code" -eq 0 ] || rc=1
  rm -f "$out"
}

# Every test project but the multi-instance one, in one dotnet test run (projects run side by side), on SQLite.
# A solution filter leaves the multi-instance project for its own run below: its takeover and latency checks must not
# share the two cores with the rest of the suite.
solution_filter=$(mktemp --suffix=.slnf)
{
  printf '{ "solution": { "path": "%s", "projects": [\n' "$PWD/DemoSaaS.sln"
  dotnet sln DemoSaaS.sln list | grep -E '\.csproj$' | grep -v 'DemoSaaS.MultiInstance.Tests' | sed 's/.*/    "&",/; $ s/,$//'
  printf '] } }\n'
} > "$solution_filter"
run_tests "every test project (the app on SQLite)" dotnet test --solution "$solution_filter" --no-build -c Debug
rm -f "$solution_filter"

# The Web tests again with every app host on PostgreSQL; tests that read SQLite files themselves are left out.
run_tests "the Web tests on PostgreSQL" env DEMOSAAS_TEST_DATABASE=Postgres \
  dotnet test --project tests/DemoSaaS.Web.Tests --no-build -c Debug -- --filter-not-trait "Database=SqliteOnly" --filter-not-trait "Database=ChoosesItsOwn"

# Several app instances on one PostgreSQL database with one Cheddar sandbox.
run_tests "the multi-instance tests on PostgreSQL" dotnet test --project tests/DemoSaaS.MultiInstance.Tests --no-build -c Debug

if [ "$failed" -ne 0 ]; then
  echo
  echo "==> Failed tests"
  cat "$failures"
fi
rm -f "$failures"

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || rc=1
exit "$rc"
