#!/usr/bin/env bash
# Refunds benchmark (issue 15): a private Azurite with its data on disk, the app in its own process, and a local finance
# system and payment system. N claims (default 500) are opened and refunded through the API; each refund's approval
# request reaches the finance system, which approves every refund through its signed callback URL, 16 at a time; the
# payment system records when each payment request arrives. Prints the time from approval to refund executed (p50/p99)
# and any repeated payment. Arguments: --count N --approval-rate R (approvals per second; default: 16 in flight)
# --sellers K --app-setting Section:Key=value (see
# tests/Marketplace.Workflows.Benchmarks/RefundsRun.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
count=500
for ((i = 1; i <= $#; i++)); do [ "${!i}" = "--count" ] && j=$((i + 1)) && count=${!j}; done
dotnet run --project tests/Marketplace.Workflows.Benchmarks -c Release -- --refunds --count "$count" "$@"
