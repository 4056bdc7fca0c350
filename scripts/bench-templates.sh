#!/usr/bin/env bash
# Template-send benchmark (issue 22): a private Azurite with its data on disk, the app in its own process and a local FAKE
# Translator. N orders (default 500) whose buyers read German; each seller sends the marketplace's English template to each
# order (POST …/messages with templateId and variables, 8 in flight), interleaved with a plain-text send of the same length
# as the baseline: prints p50/p99 of both and the Translator calls the template needed. Arguments: --count N
# (see tests/Marketplace.Workflows.Benchmarks/TemplateSendRun.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
count=500
for ((i = 1; i <= $#; i++)); do [ "${!i}" = "--count" ] && j=$((i + 1)) && count=${!j}; done
dotnet run --project tests/Marketplace.Workflows.Benchmarks -c Release -- --templates --count "$count" "$@"
