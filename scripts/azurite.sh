# Sourced by run.sh and test.sh: installs Azurite from the lock file and starts it if none is listening.
# Ports are Azurite's defaults (blob 10000, queue 10001, table 10002) so "UseDevelopmentStorage=true" works.

AZURITE_STARTED_PID=""

azurite_listening() {
  local port
  for port in 10000 10001 10002; do
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
  node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableProductStyleUrl \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    "${persistence[@]}" >"$2" 2>&1 &
  AZURITE_STARTED_PID=$!
  local i
  for i in $(seq 1 300); do
    azurite_listening && { echo "Azurite started (pid $AZURITE_STARTED_PID, log $2)."; return 0; }
    kill -0 "$AZURITE_STARTED_PID" 2>/dev/null || { echo "Azurite failed to start; see $2" >&2; cat "$2" >&2; return 1; }
    sleep 0.2
  done
  echo "Azurite did not start listening within 60 s; see $2" >&2
  return 1
}

stop_started_azurite() {
  if [ -n "$AZURITE_STARTED_PID" ]; then
    kill "$AZURITE_STARTED_PID" 2>/dev/null || true
    wait "$AZURITE_STARTED_PID" 2>/dev/null || true
    AZURITE_STARTED_PID=""
  fi
}
