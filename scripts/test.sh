#!/usr/bin/env bash
# Runs the whole test suite: installs Azurite (npm ci), starts a private in-memory one on free ports for this run
# (unless AZURITE_CONNECTION_STRING names one to use), builds, and runs every test project. Any Azurite on the
# default ports (scripts/run.sh's, someone else's) is left alone. Extra arguments go to 'dotnet test' (for example:
# scripts/test.sh --filter "FullyQualifiedName~Webhook").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh

mkdir -p artifacts
# The console's browser tests drive the system's Chromium (scripts/setup-browser.sh installs it when missing).
scripts/setup-browser.sh
# Installed even when AZURITE_CONNECTION_STRING is set: fault tests start and restart private Azurites of their own.
ensure_azurite_installed
if [ -n "${AZURITE_CONNECTION_STRING:-}" ]; then
  echo "Using the Azurite in AZURITE_CONNECTION_STRING."
else
  trap stop_started_azurite EXIT
  start_private_azurite artifacts/azurite-test.log
fi

dotnet build Serverless.sln -c Release --nologo -clp:ErrorsOnly
status=0
if [ $# -gt 0 ]; then
  dotnet test Serverless.sln -c Release --no-build --nologo --logger "trx" --results-directory artifacts/test-results "$@" \
    | tee artifacts/test-output.log || status=$?
else
  # The kill -9 recovery tests (each an app process with hundreds of live workflows, killed and restarted) run after
  # the others, on their own and on a fresh private Azurite (the fixture starts one when no connection string is set):
  # what they time is recovery, not the other test projects beside them on 2 cores, nor an Azurite holding everything
  # the suite left in it (its queue operations slow down with every message it holds, in any queue).
  dotnet test Serverless.sln -c Release --no-build --nologo --logger "trx" --results-directory artifacts/test-results \
    --filter "Category!=CrashRecovery" | tee artifacts/test-output.log || status=$?
  env -u AZURITE_CONNECTION_STRING dotnet test tests/Marketplace.Functions.Tests -c Release --no-build --nologo --logger "trx" --results-directory artifacts/test-results \
    --filter "Category=CrashRecovery" | tee -a artifacts/test-output.log || status=$?
fi

# The kill -9 recovery tests (trait Category=CrashRecovery) run last, alone.
# One closing line for the whole suite, summed over the test projects' own summaries.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' artifacts/test-output.log
exit "$status"
