#!/usr/bin/env bash
# Compiles infra/main.bicep with the Bicep CLI, taken from its NuGet package (no other download):
# a throw-away project restores Azure.Bicep.CommandLine.linux-x64 into the git-ignored artifacts/bicep/.
set -euo pipefail
cd "$(dirname "$0")/.."
BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
work="$PWD/artifacts/bicep"
bicep="$work/packages/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"
if [ ! -x "$bicep" ]; then
  mkdir -p "$work"
  # Empty build files stop the repository's own (central package versions, analyzers) from applying here.
  echo '<Project />' >"$work/Directory.Build.props"
  echo '<Project />' >"$work/Directory.Build.targets"
  echo '<Project />' >"$work/Directory.Packages.props"
  cat >"$work/bicep.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
XML
  dotnet restore "$work/bicep.csproj" --packages "$work/packages" --nologo -v quiet
  bicep="$(find "$work/packages/azure.bicep.commandline.linux-x64/$BICEP_VERSION" -type f -name bicep | head -n 1)"
  chmod +x "$bicep"
fi
"$bicep" --version
mkdir -p artifacts/infra
# Warnings fail too (as in the C# build): a misspelt or misplaced property (BCP037: "not allowed on objects of type
# FunctionAppConfig") or a value of the wrong type is only a warning to Bicep, and Azure would reject or ignore it.
diagnostics="$("$bicep" build infra/main.bicep --outfile artifacts/infra/main.json 2>&1)" || { echo "$diagnostics" >&2; exit 1; }
if [ -n "$diagnostics" ]; then
  echo "$diagnostics" >&2
  echo "infra/main.bicep compiles with warnings; fix them." >&2
  exit 1
fi
echo "infra/main.bicep compiles without warnings (ARM template: artifacts/infra/main.json)."
