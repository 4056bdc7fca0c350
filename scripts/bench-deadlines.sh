#!/usr/bin/env bash
# Reply-deadline benchmark, end to end: a private Azurite, the app in its own process and a local endpoint per
# seller; N deadlines (default 10 000) opened by signed buyer-message webhooks; reminder and breach lateness
# p50/p99 as the sellers' endpoints receive them, and the app's memory. Arguments: --count N --rate PER_SECOND
# --reply-within SECONDS --remind-before SECONDS --sellers K (see tests/Marketplace.Workflows.Benchmarks/Program.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
dotnet run --project tests/Marketplace.Workflows.Benchmarks -c Release -- "$@"
