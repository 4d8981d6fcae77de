#!/usr/bin/env bash
# Renders examples/agentset.yaml to Kubernetes manifests on stdout.
# Builds the function first (framework-dependent, into artifacts/bin); needs only the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/AgentSetFn -c Release -p:PublishAot=false -o artifacts/bin --nologo -v quiet >&2
exec artifacts/bin/agentset render examples/agentset.yaml "$@"
