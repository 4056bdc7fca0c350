#!/usr/bin/env bash
# Regenerates functions/Marketplace.Functions/FunctionsMetadata/{Function}/function.json from the functions
# declared in code (Hosting/HttpFunctions.cs and every registered IQueueFunction). Check the result in:
# a test fails when the checked-in files differ from the code.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/functions/Marketplace.Functions/FunctionsMetadata"
rm -rf "$out"/*/
# Production naming: no Storage:NamePrefix, whatever the calling shell has set.
Storage__NamePrefix="" ASPNETCORE_ENVIRONMENT=Development \
  dotnet run --project functions/Marketplace.Functions -c Release --no-launch-profile -- generate-functions "$out"
