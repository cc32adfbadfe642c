#!/usr/bin/env bash
# Starts the whole multi-instance stack on this machine, every server on 127.0.0.1:
#   a throwaway PostgreSQL cluster -> the setup step (migrations, first data-protection key, seed) ->
#   the standalone Cheddar sandbox -> N app instances -> HAProxy on 127.0.0.1:8080.
# Exits 0 once the product answers through HAProxy; the servers keep running in the background.
# deploy/down.sh stops them (by process id) and removes the cluster. See README, "Running on several instances".
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/up.sh [--production] [--no-build] [--port PORT] [--state DIR] [--configuration CONFIG] [N]

  N                  app instances behind HAProxy (default 2)
  --production       ASPNETCORE_ENVIRONMENT=Production with the production settings (sandbox explicitly allowed,
                     App:PublicBaseUrl, AllowedHosts); default is Development (dev mailbox, demo users)
  --no-build         use the existing build (src/*/bin/CONFIG/net10.0) instead of running dotnet build
  --port PORT        where HAProxy answers (default 8080)
  --state DIR        pid files, logs and generated config (default deploy/.run); give the same to down.sh
  --configuration C  Debug (default) or Release
EOF
}

repo=$(cd "$(dirname "$0")/.." && pwd)
instances=2
environment=Development
build=1
port=8080
state="$repo/deploy/.run"
configuration=Debug
while [ $# -gt 0 ]; do
  case "$1" in
    --production) environment=Production ;;
    --no-build) build=0 ;;
    --port) port=${2:?--port needs a value}; shift ;;
    --state) state=${2:?--state needs a value}; shift ;;
    --configuration|-c) configuration=${2:?--configuration needs a value}; shift ;;
    -h|--help) usage; exit 0 ;;
    ''|*[!0-9]*) echo "up.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    *) instances=$1 ;;
  esac
  shift
done
case "$port" in ''|*[!0-9]*) echo "up.sh: --port must be a number, not '$port'." >&2; exit 2 ;; esac
[ "$instances" -ge 1 ] && [ "$instances" -le 20 ] || { echo "up.sh: N must be between 1 and 20, not $instances." >&2; exit 2; }
mkdir -p "$state"
state=$(cd "$state" && pwd)

say() { printf '==> %s\n' "$*"; }
fail() { printf 'up.sh: %s\n' "$*" >&2; exit 1; }

# A stack already running from this state folder is left alone: two would fight over the ports and pid files.
for pidfile in "$state"/*.pid; do
  [ -e "$pidfile" ] || continue
  if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    fail "a stack is already running from $state ($(basename "$pidfile") is alive); run deploy/down.sh$([ "$state" = "$repo/deploy/.run" ] || echo " --state $state") first."
  fi
done
# Whatever a previous run left (logs, a stopped stack's files) goes: each run starts from empty databases.
"$repo/deploy/down.sh" --state "$state" --quiet
find "$state" -mindepth 1 -delete
mkdir -p "$state/logs"
# Logs and stack.env (which names the sandbox's generated credentials) are the operator's only.
chmod 700 "$state"

# From here on, a failure stops what this run started; the logs stay in the state folder.
started=0
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ "$started" = 1 ]; then
    echo "up.sh: stopping what was started; logs are in $state/logs" >&2
    "$repo/deploy/down.sh" --state "$state" --quiet --keep-logs || true
  fi
}
trap on_exit EXIT

# ---- 1. PostgreSQL and HAProxy binaries -----------------------------------------------------------------------
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
missing=()
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
command -v haproxy >/dev/null || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing ${missing[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || fail "could not install ${missing[*]} with apt-get."
    pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
  else
    fail "${missing[*]} missing: install it (Debian: apt-get install ${missing[*]}) or run this script as root."
  fi
fi
[ -x "$pg_bin/initdb" ] || fail "no initdb in $pg_bin (set PG_BIN to PostgreSQL's bin folder)."

# ---- 2. The build ----------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
web_dir="$repo/src/DemoSaaS.Web"
sandbox_dir="$repo/src/DemoSaaS.CheddarSandbox"
web_dll="$web_dir/bin/$configuration/net10.0/DemoSaaS.Web.dll"
sandbox_dll="$sandbox_dir/bin/$configuration/net10.0/DemoSaaS.CheddarSandbox.dll"
if [ "$build" = 1 ]; then
  say "Building the app and the sandbox ($configuration)"
  # The web project references the sandbox project, so one build makes both. No build servers: nothing of the
  # build stays running beside the stack.
  dotnet build "$web_dir" -c "$configuration" -v quiet -nologo --disable-build-servers >"$state/logs/build.log" 2>&1 \
    || { tail -30 "$state/logs/build.log" >&2; fail "dotnet build failed (log: $state/logs/build.log)."; }
fi
[ -f "$web_dll" ] || fail "no build at $web_dll: run without --no-build, or dotnet build -c $configuration first."
[ -f "$sandbox_dll" ] || fail "no build at $sandbox_dll: run without --no-build, or dotnet build -c $configuration first."
# The app's content root. From a build, static files (wwwroot, MudBlazor's _content) are found through the static web
# assets manifest, which ASP.NET Core reads in Development only; production runs what a deployment runs, the
# published app (a copy of this build, `dotnet publish --no-build`: nothing is compiled again).
web_root=$web_dir
if [ "$environment" = Production ]; then
  say "Publishing the build for production ($configuration)"
  # The web project references the sandbox's project, a web project too, so both bring an appsettings.json (NETSDK1152):
  # publish anyway and put the app's own settings files in place, whichever the SDK copied last.
  dotnet publish "$web_dir" -c "$configuration" --no-build -o "$state/publish" -v quiet -nologo --disable-build-servers \
    -p:ErrorOnDuplicatePublishOutputFiles=false >"$state/logs/publish.log" 2>&1 \
    || { tail -30 "$state/logs/publish.log" >&2; fail "dotnet publish failed (log: $state/logs/publish.log)."; }
  cp "$web_dir"/appsettings*.json "$state/publish/"
  web_root="$state/publish"
  web_dll="$web_root/DemoSaaS.Web.dll"
fi

# ---- Ports and secrets ---------------------------------------------------------------------------------------
used_ports=" "
port_free() {
  if command -v ss >/dev/null; then
    [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
  else
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}
free_port() {
  local candidate
  for _ in $(seq 200); do
    candidate=$((20000 + RANDOM % 12000))  # below Linux's ephemeral range (32768+)
    case "$used_ports" in *" $candidate "*) continue ;; esac
    if port_free "$candidate"; then used_ports+="$candidate "; echo "$candidate"; return; fi
  done
  fail "found no free port."
}
port_free "$port" || fail "127.0.0.1:$port is taken (another stack? deploy/down.sh, or --port)."
used_ports+="$port "
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
pg_port=$(free_port)
sandbox_port=$(free_port)
pg_password=$(secret)
cheddar_password=$(secret)
webhook_secret=$(secret)
product_url="http://127.0.0.1:$port"
sandbox_url="http://127.0.0.1:$sandbox_port"

# Background servers: own session (a Ctrl-C in the shell that ran up.sh does not reach them), no terminal, log file.
# setsid execs in place (this non-interactive shell's children are no group leaders), so $! is the server's pid.
# NAME.pid holds the pid and NAME.cmd a piece of its command line; down.sh kills a pid only while both still match.
start_server() {
  local name=$1 marker=$2; shift 2
  setsid "$@" </dev/null >"$state/logs/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
  echo "$marker" >"$state/$name.cmd"
}
wait_for() { # NAME URL SECONDS: until URL answers 200; fails early when NAME's process dies
  local name=$1 url=$2 seconds=$3 pid
  pid=$(cat "$state/$name.pid")
  for _ in $(seq $((seconds * 4))); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { tail -40 "$state/logs/$name.log" >&2; fail "$name exited before $url answered (log: $state/logs/$name.log)."; }
    sleep 0.25
  done
  tail -40 "$state/logs/$name.log" >&2
  fail "$url did not answer 200 within $seconds s (log: $state/logs/$name.log)."
}

started=1

# ---- 3. PostgreSQL: a throwaway cluster in a temp folder ---------------------------------------------------------
# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
pg_data_root=$(mktemp -d "${TMPDIR:-/tmp}/demosaas-pg.XXXXXX")
echo "$pg_data_root" >"$state/pg.dir"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || fail "no 'postgres' user to run PostgreSQL as (apt-get install postgresql makes it)."
  chown postgres: "$pg_data_root"
  as_pg=(runuser -u postgres --)
fi
chmod 700 "$pg_data_root"
echo "$pg_bin" >"$state/pg.bin"
say "Starting PostgreSQL ($("$pg_bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$pg_port"
printf '%s\n' "$pg_password" >"$pg_data_root/pwfile"
[ "$(id -u)" = 0 ] && chown postgres: "$pg_data_root/pwfile"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_data_root/data" -U postgres --pwfile="$pg_data_root/pwfile" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$state/logs/initdb.log" 2>&1 \
  || { cat "$state/logs/initdb.log" >&2; fail "initdb failed."; }
rm -f "$pg_data_root/pwfile"
# Loopback only, the socket inside the cluster's folder (not the system cluster's /var/run/postgresql).
# TCP keepalives: an instance's advisory locks (relay, quota, jobs) die with its session, and the server notices a session
# whose instance vanished without closing it (a network partition, a powered-off machine) only by probing: about 60 s here
# rather than the kernel's two hours.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_data_root/data" -l "$pg_data_root/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_data_root -c max_connections=200 -c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3" \
  start >"$state/logs/pg_ctl.log" 2>&1 \
  || { cat "$state/logs/pg_ctl.log" "$pg_data_root/postgres.log" >&2; fail "PostgreSQL did not start."; }
ln -sf "$pg_data_root/postgres.log" "$state/logs/postgres.log"
head -1 "$pg_data_root/data/postmaster.pid" >"$state/postgres.pid"
echo "postgres" >"$state/postgres.cmd"
# The app's own role and database; the superuser's password is not handed to the app.
app_password=$(secret)
PGPASSWORD=$pg_password "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE demosaas LOGIN PASSWORD '$app_password'" -c "CREATE DATABASE demosaas OWNER demosaas" \
  >>"$state/logs/pg_ctl.log" 2>&1 || { cat "$state/logs/pg_ctl.log" >&2; fail "could not create the app's database."; }
connection="Host=127.0.0.1;Port=$pg_port;Database=demosaas;Username=demosaas;Password=$app_password"

# ---- Settings shared by the setup step and every instance ---------------------------------------------------------
app_env=(
  "ASPNETCORE_ENVIRONMENT=$environment"
  "Database__Provider=Postgres"
  "ConnectionStrings__DefaultConnection=$connection"
  # Cookies, antiforgery tokens and circuits protected by one instance are read by another through the key ring in
  # the database (application name "DemoSaaS", set by the app itself); nothing to configure here.
  # Every instance talks to the one standalone sandbox instead of embedding its own.
  "Cheddar__Mode=Sandbox"
  "Cheddar__SandboxUrl=$sandbox_url"
  "Cheddar__BaseUrl=$sandbox_url"
  "Cheddar__ProductCode=DEMOSAAS"
  "Cheddar__Username=sandbox@demosaas.local"
  "Cheddar__Password=$cheddar_password"
  "Cheddar__WebhookSecret=$webhook_secret"
  # HAProxy (on loopback) is the only proxy whose X-Forwarded-For/Proto are believed.
  "ForwardedHeaders__KnownProxies__0=127.0.0.1"
  # Mail links point at the product, not at whichever instance sent the mail.
  "App__PublicBaseUrl=$product_url"
  "DemoUsers__Enabled=false"
)
if [ "$environment" = Production ]; then
  app_env+=(
    "Cheddar__AllowSandboxOutsideDevelopment=true"
    "AllowedHosts=127.0.0.1"
  )
fi

# ---- 4. Setup step: migrations, the first data-protection key, seed -------------------------------------------------
setup_env=("${app_env[@]}")
# Development seeds the demo users once, here, not on every instance (they would race each other).
[ "$environment" = Development ] && setup_env+=("DemoUsers__Enabled=true")
# The setup step may need the sandbox (demo users are created through Cheddar): start the sandbox first.
say "Starting the Cheddar sandbox on $sandbox_url"
mkdir -p "$state/sandbox"
(
  cd "$sandbox_dir"
  start_server sandbox "$sandbox_dll" env \
    "ASPNETCORE_ENVIRONMENT=Production" \
    "CheddarSandbox__DatabasePath=$state/sandbox/cheddar-sandbox.db" \
    "CheddarSandbox__Username=sandbox@demosaas.local" \
    "CheddarSandbox__Password=$cheddar_password" \
    "CheddarSandbox__ProductCode=DEMOSAAS" \
    "CheddarSandbox__WebhookSecret=$webhook_secret" \
    "CheddarSandbox__WebhookUrls__0=$product_url/webhooks/cheddar" \
    `# The setup step's demo users make webhooks before HAProxy listens: retry them within seconds, not a minute.` \
    "CheddarSandbox__WebhookRetrySchedule=5s,10s,15s,30s,1m,5m,30m,2h" \
    "AllowedHosts=*" \
    dotnet "$sandbox_dll" --urls "$sandbox_url"
)
wait_for sandbox "$sandbox_url/sandbox/health" 60

say "Setup: migrations, the first data-protection key$([ "$environment" = Development ] && echo ", demo users")"
(
  cd "$web_root"
  mkdir -p "$state/home/setup"
  timeout 300 env "${setup_env[@]}" "HOME=$state/home/setup" dotnet "$web_dll" --setup </dev/null >"$state/logs/setup.log" 2>&1
) || { tail -40 "$state/logs/setup.log" >&2; fail "the setup step failed (log: $state/logs/setup.log)."; }

# ---- 5. The instances ----------------------------------------------------------------------------------------------
server_lines=""
for i in $(seq "$instances"); do
  instance_port=$(free_port)
  # Each instance has a home of its own, as on its own machine: nothing shared through the disk (ASP.NET's default
  # key ring in ~/.aspnet, user secrets) can make the stack look right; what instances share is in PostgreSQL.
  mkdir -p "$state/home/app$i"
  say "Starting instance app$i on http://127.0.0.1:$instance_port"
  (
    cd "$web_root"  # content root: appsettings, wwwroot and (Development) the static web assets manifest resolve as under dotnet run
    start_server "app$i" "$web_dll" env "${app_env[@]}" "HOME=$state/home/app$i" dotnet "$web_dll" --urls "http://127.0.0.1:$instance_port"
  )
  echo "http://127.0.0.1:$instance_port" >"$state/app$i.url"
  server_lines+="    server app$i 127.0.0.1:$instance_port cookie app$i"$'\n'
done
for i in $(seq "$instances"); do
  wait_for "app$i" "$(cat "$state/app$i.url")/healthz" 120
done

# ---- 6. HAProxy ------------------------------------------------------------------------------------------------------
{ cat "$repo/deploy/haproxy.cfg"; printf '%s' "$server_lines"; } >"$state/haproxy.cfg"
export DEMOSAAS_HAPROXY_BIND="127.0.0.1:$port" DEMOSAAS_STATE_DIR="$state"
haproxy -c -q -f "$state/haproxy.cfg" >"$state/logs/haproxy-check.log" 2>&1 \
  || { cat "$state/logs/haproxy-check.log" >&2; fail "HAProxy refused $state/haproxy.cfg."; }
say "Starting HAProxy on $product_url"
start_server haproxy "haproxy" haproxy -db -f "$state/haproxy.cfg"
wait_for haproxy "$product_url/" 60

# What the E2E journey and operators read: where everything is, and the sandbox's credentials (for curl).
{
  echo "PRODUCT_URL=$product_url"
  echo "SANDBOX_URL=$sandbox_url"
  echo "ENVIRONMENT=$environment"
  echo "INSTANCES=$instances"
  for i in $(seq "$instances"); do echo "APP${i}_URL=$(cat "$state/app$i.url")"; done
  echo "POSTGRES=127.0.0.1:$pg_port"
  echo "CHEDDAR_PRODUCT_CODE=DEMOSAAS"
  echo "CHEDDAR_USERNAME=sandbox@demosaas.local"
  echo "CHEDDAR_PASSWORD=$cheddar_password"
} >"$state/stack.env"
chmod 600 "$state/stack.env"

started=0
echo
echo "DemoSaaS is up ($environment, $instances instances):"
echo "  Product:   $product_url   (through HAProxy; cookie SERVERID keeps a browser on one instance)"
for i in $(seq "$instances"); do
  echo "  Instance:  app$i  $(cat "$state/app$i.url")   (pid $(cat "$state/app$i.pid"))"
done
echo "  Sandbox:   $sandbox_url   (Cheddar API under /xml, controls under /sandbox; webhooks go to $product_url/webhooks/cheddar)"
echo "  Database:  PostgreSQL on 127.0.0.1:$pg_port, database demosaas (throwaway: down.sh removes it)"
echo "  Logs:      $state/logs"
if demo=$(grep -o 'Demo users created.*' "$state/logs/setup.log" 2>/dev/null | head -1) && [ -n "$demo" ]; then
  echo "  $demo"
fi
echo "Stop it with: deploy/down.sh$([ "$state" = "$repo/deploy/.run" ] || echo " --state $state")"
