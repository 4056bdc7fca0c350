#!/usr/bin/env bash
# Reply-deadline benchmark on a private Azurite: N deadlines (default 10 000), reminder and deadline
# lateness p50/p99, opening rate, process memory. Arguments: --count N --measured M --lead SECONDS --spread SECONDS
# (with --measured, only M deadlines fall due in the window; the others stay open, due hours later).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet run --project tests/Marketplace.Workflows.Benchmarks -c Release -- "$@"
