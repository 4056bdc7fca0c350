#!/usr/bin/env bash
# Reply-deadline benchmark, end to end: a private Azurite with its data on disk, the app in its own process (on the
# DurableTask.AzureStorage engine) and a local endpoint per seller; N deadlines (default 10 000) opened by signed
# buyer-message webhooks; reminder and breach lateness p50/p99 as the sellers' endpoints receive them, and the app's
# memory. With --kill-after-seconds S it measures kill -9 recovery instead: the app is killed S seconds after the first
# buyer message and restarted; time to every notification and every completed orchestration, duplicates at the seller.
# Arguments: --count N --rate PER_SECOND --reply-within SECONDS --remind-before SECONDS --sellers K --stall-seconds S
# --kill-after-seconds S --keep-waiting-after-breach S --app-setting Section:Key=value (see
# tests/Marketplace.Workflows.Benchmarks/Program.cs). scripts/bench-durable.sh runs both with issue 13's figures.
# --deadline-list --count N times a seller's open-deadline list against N answered deadlines instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
dotnet run --project tests/Marketplace.Workflows.Benchmarks -c Release -- "$@"
