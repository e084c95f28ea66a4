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

out="$(mktemp)"
dotnet test --solution CommitmentBot.sln 2>&1 | tee "$out"
status=${PIPESTATUS[0]}

if [ "$started_pg" -eq 1 ]; then
  bash scripts/postgres.sh stop || true
fi

total=$(grep -aE '^\s+total: ' "$out" | tail -1 | awk '{print $2}')
failed=$(grep -aE '^\s+failed: ' "$out" | tail -1 | awk '{print $2}')
passed=$(grep -aE '^\s+succeeded: ' "$out" | tail -1 | awk '{print $2}')
skipped=$(grep -aE '^\s+skipped: ' "$out" | tail -1 | awk '{print $2}')
rm -f "$out"
if [ -z "$total" ]; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
