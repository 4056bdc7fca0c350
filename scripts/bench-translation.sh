#!/usr/bin/env bash
# Translation benchmark (issue 16): a private Azurite with its data on disk, the app in its own process and a local FAKE
# Translator (tests/Serverless.Testing/FakeTranslator.cs: the v3 wire protocol, translations labelled "[fake-xx]").
# N messages (default 1,000) through the API between 6 sellers and their buyers reading en, de, es, fr, pl and it: prints
# Translator calls and characters billed at delivery, on reads (the cache), on demand, and a send's p50/p99 with
# translation off and on. Arguments: --count N (see tests/Marketplace.Workflows.Benchmarks/TranslationRun.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
count=1000
for ((i = 1; i <= $#; i++)); do [ "${!i}" = "--count" ] && j=$((i + 1)) && count=${!j}; done
dotnet run --project tests/Marketplace.Workflows.Benchmarks -c Release -- --translation --count "$count" "$@"
