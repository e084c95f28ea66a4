#!/usr/bin/env bash
# Runs every test project, setting up on a fresh machine what the tests need first:
#   Debian's chromium (browser tests), the npm packages (Adaptive Cards renderer, Kubernetes schemas), a throwaway
#   PostgreSQL 15 cluster on 127.0.0.1 (storage contract suite). Ends with one line:
#   "N passed, N failed, N skipped", summed over every test project.
# Set COMMITMENTBOT_TEST_SQLSERVER to a connection string to run the suite on SQL Server too.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { echo "test.sh: $*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing chromium (Debian package) for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || log "chromium could not be installed"
  else
    log "chromium is missing (apt-get install chromium); browser tests will skip (or fail under CI=true)"
  fi
fi

if [ ! -d tests/CommitmentBot.Teams.Tests/cards/node_modules/adaptivecards ] \
  || [ ! -d tests/CommitmentBot.Deploy.Tests/kubernetes/node_modules/kubernetes-models ]; then
  log "installing npm packages"
  bash scripts/npm-install.sh || log "npm install failed"
fi

started_pg=0
if [ -z "${COMMITMENTBOT_TEST_POSTGRES:-}" ]; then
  if exports="$(bash scripts/postgres.sh start)"; then
    eval "$exports"
    started_pg=1
  else
    log "PostgreSQL could not be started; its tests will skip (or fail under CI=true)"
  fi
fi

# No MSBuild worker node or build server outlives the build holding a pipe the run waits on.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

out="$(mktemp)"
results="$(mktemp -d)"
summary() { echo "$1 passed, $2 failed, $3 skipped"; }

if ! dotnet build CommitmentBot.sln -nologo >"$out" 2>&1; then
  cat "$out"
  rm -f "$out"
  log "the build failed"
  summary 0 1 0
  exit 1
fi

# The run's output goes to a file that is streamed here, so no process a test left behind can hold the run open.
# A test module that makes no progress for 10 minutes is dumped and ended, naming the tests still running; the
# whole run is capped at 40 minutes (timeout runs it in its own process group, ended with it).
timeout --kill-after=30s 40m dotnet test --solution CommitmentBot.sln --no-build \
  --hangdump --hangdump-timeout 10m --hangdump-type Mini --results-directory "$results" >"$out" 2>&1 &
run=$!
tail -n +1 -f --pid="$run" "$out"
wait "$run"
status=$?
kill -- "-$run" 2>/dev/null || true
dotnet build-server shutdown >/dev/null 2>&1 || true

if [ "$started_pg" -eq 1 ]; then
  bash scripts/postgres.sh stop || true
fi

hung=0
for file in "$results"/*_hang.log; do
  [ -f "$file" ] || continue
  log "$(basename "$file" _hang.log) stopped making progress; still running when it was ended:"
  sed 's/^/    /' "$file" >&2
  hung=$((hung + $(grep -c . "$file")))
done
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  log "the test run passed its 40-minute limit and was ended"
fi

total=$(grep -aE '^\s+total: ' "$out" | tail -1 | awk '{print $2}')
failed=$(grep -aE '^\s+failed: ' "$out" | tail -1 | awk '{print $2}')
passed=$(grep -aE '^\s+succeeded: ' "$out" | tail -1 | awk '{print $2}')
skipped=$(grep -aE '^\s+skipped: ' "$out" | tail -1 | awk '{print $2}')
errors=$(grep -aE '^\s+error: ' "$out" | tail -1 | awk '{print $2}')
rm -f "$out"
if [ -z "$total" ]; then
  summary "${passed:-0}" "$(( ${failed:-0} + (hung > 0 ? hung : 1) ))" "${skipped:-0}"
  exit 1
fi
# A module that hung or crashed is an error, not a failed test: count what it was running (at least one) as failed.
failed=$(( ${failed:-0} + (hung > ${errors:-0} ? hung : ${errors:-0}) ))
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi
summary "${passed:-0}" "$failed" "${skipped:-0}"
exit "$status"
