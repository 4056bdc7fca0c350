# Sourced by run.sh and token.sh: builds the app (Release) and runs its executable from its output folder, which is its
# content root (appsettings*.json are there). Not 'dotnet run': the Functions worker SDK turns that into starting the
# Functions host (Core Tools), which is not installed here; started directly, the executable is the self-host.
app_dir=functions/Marketplace.Functions/bin/Release/net10.0

build_app() {
  dotnet build functions/Marketplace.Functions -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2
}

run_app() {
  (cd "$app_dir" && exec dotnet Marketplace.Functions.dll "$@")
}
