#!/usr/bin/env bash
# Inbound email benchmark against a private Azurite: seller replies sent to relay aliases through the app's SMTP listener,
# accepted/s (250 answers) and processed/s (stored as messages). Arguments: --emails N (1000) --orders K (50) --concurrency C (8).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
dotnet run --project tests/Marketplace.EmailRelay.Benchmarks -c Release -- "$@"
