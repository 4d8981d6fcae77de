#!/usr/bin/env bash
# Runs every test: restore, build with warnings as errors, publish the Native AOT binary
# (zero AOT/trim warnings, or the build fails), then the xunit suite against that binary,
# including the kpt end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "missing required tool: $1 ($2)" >&2; exit 1; }; }
need dotnet "the .NET 10 SDK"
need kpt "kpt runs the end-to-end tests; install it from https://kpt.dev"
need sh "POSIX shell for the persistence script tests"

dotnet restore Functions.sln --nologo
dotnet build Functions.sln -c Release --no-restore --nologo

# Native AOT: the binary kpt and kustomize start on every render.
aot_log=$(mktemp)
dotnet publish src/AgentSetFn -c Release -r linux-x64 -o artifacts/aot --nologo 2>&1 | tee "$aot_log"
if grep -Eq 'warning (IL|AOT)[0-9]+' "$aot_log"; then
  echo "Native AOT publish produced trim/AOT warnings" >&2
  exit 1
fi
rm -f "$aot_log"

AGENTSET_BIN="$PWD/artifacts/aot/agentset" dotnet test Functions.sln -c Release --no-build --nologo "$@"

# The benchmark's smoke run (tiny sizes, no timing assertions) so bench/ cannot rot: every case
# must run and produce the objects it should. JIT = the same build's framework-dependent apphost.
dotnet run --project bench/AgentSetBench -c Release --no-build -- \
  --smoke --aot artifacts/aot/agentset --jit src/AgentSetFn/bin/Release/net10.0/agentset
