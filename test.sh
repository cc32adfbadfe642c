#!/usr/bin/env bash
# Runs every test of DemoSaaS on a fresh Debian machine: restore, a Chromium for Playwright, build, test.
# Ends with one line: "N passed, N failed, N skipped" summed over all test projects.
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

# 2. Restore and build once; tests then run without rebuilding.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log "Restoring and building"
dotnet restore DemoSaaS.sln || exit 1
dotnet build DemoSaaS.sln --no-restore -c Debug || exit 1

# 3. Every test project, in one dotnet test run.
log "Testing"
out=$(mktemp)
dotnet test --solution DemoSaaS.sln --no-build -c Debug 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}

num() { grep -E "^\s*$1:\s*[0-9]+" "$out" | tail -1 | grep -oE '[0-9]+' | head -1; }
total=$(num total); failed=$(num failed); passed=$(num succeeded); skipped=$(num skipped)
total=${total:-0}; failed=${failed:-0}; passed=${passed:-0}; skipped=${skipped:-0}

# Repeat each failure (name, message, first lines of its stack) at the end, where a CI log's tail shows it.
if [ "$failed" -ne 0 ]; then
  echo
  echo "==> Failed tests"
  awk '/^[[:space:]]*failed [^ ]/ && !/failed with/ { n = 30 } n > 0 { print; n-- }' "$out"
fi
rm -f "$out"

if [ "$total" -eq 0 ]; then
  echo "No test ran." >&2
  rc=1
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || rc=1
exit "$rc"
