#!/usr/bin/env bash
# Installs the npm packages the tests use (Microsoft's Adaptive Cards renderer for the Teams card
# tests), exactly as locked. Run from anywhere; CI runs it before `dotnet test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
npm ci --prefix "$root/tests/CommitmentBot.Teams.Tests/cards" --no-audit --no-fund --loglevel=error
