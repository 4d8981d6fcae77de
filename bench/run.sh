#!/usr/bin/env bash
# The benchmark: builds the function (Native AOT, and the same code for the JIT runtime), then
# runs every case several times and prints a Markdown table of medians and peak memory.
#   bash bench/run.sh [--runs N]      full run (several minutes: kpt on 10,000 files)
#   bash bench/run.sh --smoke         tiny sizes, one run: checks the benchmark still works
set -euo pipefail
cd "$(dirname "$0")/.."
command -v kpt >/dev/null || { echo "kpt is needed (https://kpt.dev)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (Debian package: time)" >&2; exit 1; }
dotnet publish src/AgentSetFn -c Release -r linux-x64 -o artifacts/aot --nologo -v quiet >&2
dotnet publish src/AgentSetFn -c Release -p:PublishAot=false -o artifacts/bin --nologo -v quiet >&2
dotnet run --project bench/AgentSetBench -c Release -- \
  --aot artifacts/aot/agentset --jit artifacts/bin/agentset "$@"
