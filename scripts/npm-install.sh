#!/usr/bin/env bash
# Installs the npm packages the tests use, exactly as locked: Microsoft's Adaptive Cards renderer for the Teams
# card tests, and the Kubernetes API schemas (kubernetes-models, js-yaml) for the deploy tests. Run from anywhere;
# CI runs it before `dotnet test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
npm ci --prefix "$root/tests/CommitmentBot.Teams.Tests/cards" --no-audit --no-fund --loglevel=error
npm ci --prefix "$root/tests/CommitmentBot.Deploy.Tests/kubernetes" --no-audit --no-fund --loglevel=error
