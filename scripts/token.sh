#!/usr/bin/env bash
# Prints a bearer token signed with the local settings (appsettings.json, appsettings.Development.json, user secrets,
# Auth__* environment variables: what the app reads), for calling the API:
#   scripts/token.sh <marketplace|buyer|seller|finance|admin> <partyId> [marketplace] [--minutes N]
#   curl -H "Authorization: Bearer $(scripts/token.sh seller seller-1 amazon)" http://127.0.0.1:7071/api/inbox
# Signed by a small Node script (scripts/token.mjs) rather than the app, so it answers at once with nothing built.
# A buyer, seller or marketplace token needs a marketplace the app is configured for (Messaging:WebhookSecrets).
set -euo pipefail
cd "$(dirname "$0")/.."
ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" exec node scripts/token.mjs "$@"
