# Sourced by run.sh, test.sh and the benchmarks: installs Azurite from the lock file and starts it.
# run.sh uses Azurite's default ports (blob 10000, queue 10001, table 10002) so "UseDevelopmentStorage=true" works;
# test.sh starts a private one on free ports (start_private_azurite) and never touches the default ones.

AZURITE_STARTED_PID=""

# azurite_listening [BLOB QUEUE TABLE]: all three ports answer (default: 10000 10001 10002).
azurite_listening() {
  local port ports=("$@")
  [ ${#ports[@]} -gt 0 ] || ports=(10000 10001 10002)
  for port in "${ports[@]}"; do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 1
  done
}

ensure_azurite_installed() {
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing Azurite (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# start_azurite DATA_DIR|memory LOG_FILE
start_azurite() {
  if azurite_listening; then
    echo "Azurite is already listening on 127.0.0.1:10000-10002; using it."
    return 0
  fi
  ensure_azurite_installed
  local persistence=(--inMemoryPersistence)
  if [ "$1" != "memory" ]; then
    mkdir -p "$1"
    persistence=(--location "$1")
  fi
  node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableProductStyleUrl --disableTelemetry \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    "${persistence[@]}" >"$2" 2>&1 &
  AZURITE_STARTED_PID=$!
  wait_for_started_azurite "$2" 10000 10001 10002
}

# start_private_azurite LOG_FILE: an in-memory Azurite on three free ports, for this shell's children only; exports
# AZURITE_CONNECTION_STRING (what the test fixture reads). Stop it with stop_started_azurite.
start_private_azurite() {
  ensure_azurite_installed
  local ports
  # Node is there (Azurite runs on it): let the OS pick three free ports.
  read -r -a ports < <(node -e '
    const net = require("net");
    const servers = [0, 1, 2].map(() => net.createServer());
    Promise.all(servers.map(s => new Promise(r => s.listen(0, "127.0.0.1", r))))
      .then(() => { console.log(servers.map(s => s.address().port).join(" ")); servers.forEach(s => s.close()); });')
  node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableProductStyleUrl --disableTelemetry \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "${ports[0]}" --queuePort "${ports[1]}" --tablePort "${ports[2]}" --inMemoryPersistence >"$1" 2>&1 &
  AZURITE_STARTED_PID=$!
  wait_for_started_azurite "$1" "${ports[@]}" || return 1
  local account=devstoreaccount1
  # Azurite's well-known development account key (public, the same on every machine).
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:${ports[0]}/$account;QueueEndpoint=http://127.0.0.1:${ports[1]}/$account;TableEndpoint=http://127.0.0.1:${ports[2]}/$account;"
}

# wait_for_started_azurite LOG_FILE BLOB QUEUE TABLE
wait_for_started_azurite() {
  local log=$1 i
  shift
  for i in $(seq 1 300); do
    azurite_listening "$@" && { echo "Azurite started on 127.0.0.1 ports $* (pid $AZURITE_STARTED_PID, log $log)."; return 0; }
    kill -0 "$AZURITE_STARTED_PID" 2>/dev/null || { echo "Azurite failed to start; see $log" >&2; cat "$log" >&2; return 1; }
    sleep 0.2
  done
  echo "Azurite did not start listening within 60 s; see $log" >&2
  return 1
}

stop_started_azurite() {
  if [ -n "$AZURITE_STARTED_PID" ]; then
    kill "$AZURITE_STARTED_PID" 2>/dev/null || true
    wait "$AZURITE_STARTED_PID" 2>/dev/null || true
    AZURITE_STARTED_PID=""
  fi
}
