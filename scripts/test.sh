#!/usr/bin/env bash
# Runs the whole test suite: installs Azurite (npm ci), starts the shared one in memory unless one is
# already listening (fault tests also start private ones), builds, and runs every test project. Extra
# arguments go to 'dotnet test' (for example: scripts/test.sh --filter "FullyQualifiedName~Webhook").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh

mkdir -p artifacts
# Installed even when an Azurite is already listening: fault tests start and restart private Azurites of their own.
ensure_azurite_installed
start_azurite memory artifacts/azurite-test.log
trap stop_started_azurite EXIT

dotnet build Serverless.sln -c Release --nologo -clp:ErrorsOnly
status=0
dotnet test Serverless.sln -c Release --no-build --nologo --logger "trx" --results-directory artifacts/test-results "$@" \
  | tee artifacts/test-output.log || status=$?

# One closing line for the whole suite, summed over the test projects' own summaries.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' artifacts/test-output.log
exit "$status"
