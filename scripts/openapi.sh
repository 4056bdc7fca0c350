#!/usr/bin/env bash
# Regenerates functions/Marketplace.Functions/openapi/v1.json, the API description the worker serves in Azure, from what
# the self-host generates (the test that otherwise fails when the two differ writes it). Commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_OPENAPI=1 dotnet test tests/Marketplace.Functions.Tests -c Release --nologo \
  --filter "FullyQualifiedName~OpenApiDocumentTests.CheckedInDocument_IsWhatTheAppGenerates"
git --no-pager diff --stat -- functions/Marketplace.Functions/openapi/v1.json
