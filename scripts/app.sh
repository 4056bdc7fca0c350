# Sourced by run.sh and token.sh: builds the app (Release) and runs its executable from its output folder, which is its
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

run_app() {
  (cd "$app_dir" && exec dotnet Marketplace.Functions.dll "$@")
}
