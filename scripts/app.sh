# Sourced by run.sh: builds the app (Release) and runs its executable from its output folder, which is its
# content root (appsettings*.json are there). Not 'dotnet run': the Functions worker SDK turns that into starting the
# Functions host (Core Tools), which is not installed here; started directly, the executable is the self-host.
app_dir=functions/Marketplace.Functions/bin/Release/net10.0

# Silent when the build succeeds; its output goes to stderr when it fails.
build_app() {
  local output
  if ! output=$(dotnet build functions/Marketplace.Functions -c Release --nologo -clp:ErrorsOnly 2>&1); then
    echo "$output" >&2
    return 1
  fi
}

# start_app ARGS...: runs the app in the background and sets APP_PID to its process id (the subshell execs dotnet, so
# this is the app itself: a signal sent to it reaches the app, not a shell in between).
start_app() {
  (cd "$app_dir" && exec dotnet Marketplace.Functions.dll "$@") &
  APP_PID=$!
}
