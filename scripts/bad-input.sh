#!/usr/bin/env bash
# Bad-input suite against the running app: a private Azurite, the app in its own process, N malformed requests
# (default 5 000: webhooks, API, forged tokens, path tricks, durable management API). Prints counts by family and
# status and every finding; exits 1 if any request got a 5xx, exception text or a non-problem error, a forgery was
# accepted, or storage changed. Arguments: --requests N --seed S --concurrency C --app-log LEVEL --only FAMILY/KIND
# --dump FILE (see tests/Marketplace.BadInput/Program.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
ensure_azurite_installed
dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly
dotnet run --project tests/Marketplace.BadInput -c Release -- "$@"
