#!/usr/bin/env bash
# Claims benchmark (issue 14): a private Azurite with its data on disk and the app in its own process; N orders with totals
# (default 1,000), then each buyer opens a claim through the API and the seller refunds it, 16 at a time. Prints claims/s
# and the p50/p99 latency of opening and of the action. Arguments: --count N --sellers K (see
# tests/Marketplace.Workflows.Benchmarks/ClaimsRun.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
count=1000
for ((i = 1; i <= $#; i++)); do [ "${!i}" = "--count" ] && j=$((i + 1)) && count=${!j}; done
dotnet run --project tests/Marketplace.Workflows.Benchmarks -c Release -- --claims --count "$count" "$@"
