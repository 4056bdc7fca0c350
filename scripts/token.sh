#!/usr/bin/env bash
# Prints a bearer token signed with the local settings (appsettings.Development.json), for calling the API:
#   scripts/token.sh <marketplace|buyer|seller|finance|admin> <partyId> [marketplace] [--minutes N]
#   curl -H "Authorization: Bearer $(scripts/token.sh seller seller-1 amazon)" http://127.0.0.1:7071/api/inbox
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: scripts/token.sh <marketplace|buyer|seller|finance|admin> <partyId> [marketplace] [--minutes N]" >&2
  exit 2
fi
source scripts/app.sh
build_app
ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" run_app token "$@"
