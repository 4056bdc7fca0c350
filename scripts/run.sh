#!/usr/bin/env bash
# Runs the service locally: installs Azurite (npm ci), starts it with its data in .azurite/ (git-ignored)
# unless one is already listening, and starts the app self-hosted on http://127.0.0.1:7071.
# Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
source scripts/app.sh

start_azurite .azurite/data .azurite/azurite.log
trap stop_started_azurite EXIT

echo "API docs: http://127.0.0.1:7071/docs  (OpenAPI document: http://127.0.0.1:7071/openapi/v1.json)"
echo "A token to call the API with: scripts/token.sh seller seller-1"
build_app
ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" run_app --urls http://127.0.0.1:7071
