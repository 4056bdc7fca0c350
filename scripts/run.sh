#!/usr/bin/env bash
# Runs the service locally: installs Azurite (npm ci), starts it with its data in .azurite/ (git-ignored)
# unless one is already listening, and starts the app self-hosted on http://127.0.0.1:7071.
# Ctrl+C, or SIGTERM to this script (e.g. 'kill %1' after 'scripts/run.sh &'), stops both.
# With AZURITE_CONNECTION_STRING set, that Azurite is used instead (nothing is started on 10000-10002); extra
# arguments go to the app, e.g. scripts/run.sh --urls http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh
source scripts/app.sh

urls=http://127.0.0.1:7071
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[i]}" = "--urls" ] && [ $((i + 1)) -lt ${#args[@]} ] && urls=${args[i + 1]}
done

app_pid=""
# The app runs as a background child so that this script can stop it: a signal to the script alone (not to its
# process group, as Ctrl+C sends) would otherwise end the script and leave the app listening.
stop_all() {
  if [ -n "$app_pid" ]; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
  fi
  stop_started_azurite
}
trap stop_all EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

if [ -n "${AZURITE_CONNECTION_STRING:-}" ]; then
  export Storage__ConnectionString="$AZURITE_CONNECTION_STRING"
  echo "Using the Azurite of AZURITE_CONNECTION_STRING."
else
  start_azurite .azurite/data .azurite/azurite.log
fi

echo "API docs: $urls/docs  (OpenAPI document: $urls/openapi/v1.json)"
echo "A token to call the API with (roles: marketplace, buyer, seller, finance, admin):"
echo "  TOKEN=\$(scripts/token.sh seller seller-1 amazon); curl -H \"Authorization: Bearer \$TOKEN\" $urls/api/inbox"
build_app
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The email relay, locally: aliases @relay.localhost, an SMTP listener on 127.0.0.1:2525, and outgoing mail written to
# .mail/outbox/*.eml (set EmailRelay__SmtpHost to send through a server instead). See "Email relay" in the README.
export EmailRelay__Domain="${EmailRelay__Domain:-relay.localhost}"
export EmailRelay__ListenPort="${EmailRelay__ListenPort:-2525}"
export EmailRelay__PickupDirectory="${EmailRelay__PickupDirectory:-$PWD/.mail/outbox}"
export EmailRelay__InboundWebhookSecret="${EmailRelay__InboundWebhookSecret:-local-inbound-email-secret-0001}"
echo "Email relay: SMTP on 127.0.0.1:$EmailRelay__ListenPort, outgoing mail in $EmailRelay__PickupDirectory"
start_app --urls "$urls" "${args[@]}"
app_pid=$APP_PID
wait "$app_pid"
