#!/usr/bin/env bash
# Webhook intake benchmark against a private Azurite: accepted/s, end-to-end stored/s, raw insert rate.
# Arguments go to the benchmark: --messages N (2000) --orders K (100) --concurrency C (16) --warmup W (1000),
# --intake-only (time the 202s alone), --operation-costs (Azurite's CPU per request kind first).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
dotnet run --project tests/Marketplace.Messaging.Benchmarks -c Release -- "$@"
