#!/usr/bin/env bash
# Runs every test: restore, build with warnings as errors, publish the Native AOT binary
# (zero AOT/trim warnings, or the build fails), then the xunit suite against that binary,
# including the kpt end-to-end tests, the kustomize recipes through the real `kubectl kustomize`
# and the persistence tests against a real S3 server.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "missing required tool: $1 ($2)" >&2; exit 1; }; }
need dotnet "the .NET 10 SDK"
need kpt "kpt runs the end-to-end tests; install it from https://kpt.dev"
need sh "POSIX shell for the persistence script tests"
need kubectl "kubectl's kustomize builds the kustomize recipes with the AgentSet plugin, and kubectl reads the rendered objects back client-side in the YAML round-trip tests; install kubectl 1.27 or later"
# The kustomize recipes are tested against kustomize v5, the one inside kubectl since 1.27.
kubectl_version=$(kubectl version --client 2>&1 || true)
grep -q '^Kustomize Version: v5\.' <<<"$kubectl_version" \
  || { echo "kubectl must embed kustomize v5 (kubectl 1.27 or later); it says: $kubectl_version" >&2; exit 1; }

# The persistence tests run the rendered restore and backup scripts with the real AWS CLI v2
# against a real S3 server (s3rver). Install both when missing; fail here, loudly, if that is
# impossible: those tests never skip.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
aws_v2() { /usr/bin/aws --version 2>/dev/null | grep -q '^aws-cli/2\.'; }
missing=()
aws_v2 || missing+=(awscli)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# PyYAML reads the rendered objects back as a YAML 1.1 reader in the YAML round-trip tests.
pyyaml() { python3 -c 'import yaml' 2>/dev/null || /usr/bin/python3 -c 'import yaml' 2>/dev/null; }
pyyaml || missing+=(python3-yaml)
# jq: the documentation pipes `agentset checklist -o json` through it, and the docs tests run that.
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian) for the persistence and YAML round-trip tests"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
    || { echo "could not install the Debian packages ${missing[*]}: the persistence and YAML round-trip tests need them" >&2; exit 1; }
  aws_v2 || { echo "/usr/bin/aws is not the AWS CLI v2 after installing awscli" >&2; exit 1; }
  pyyaml || { echo "python3 cannot import yaml after installing python3-yaml" >&2; exit 1; }
fi
if [ ! -f tests/tools/node_modules/s3rver/bin/s3rver.js ] \
  || [ tests/tools/package-lock.json -nt tests/tools/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/tools --no-audit --no-fund \
    || { echo "npm ci in tests/tools failed: cannot install s3rver" >&2; exit 1; }
fi

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

# The .NET tool as users get it: the pointer package and this platform's package (the AOT binary
# just built) in a local feed, which the Distribution tests install from and run under kpt.
tool_feed=$(mktemp -d)
trap 'rm -rf "$tool_feed"' EXIT
dotnet pack src/AgentSetFn -c Release --no-build -o "$tool_feed" --nologo
dotnet pack src/AgentSetFn -c Release -r linux-x64 -o "$tool_feed" --nologo

AGENTSET_TOOL_FEED="$tool_feed" AGENTSET_BIN="$PWD/artifacts/aot/agentset" dotnet test Functions.sln -c Release --no-build --nologo "$@"

# The benchmark's smoke run (tiny sizes, no timing assertions) so bench/ cannot rot: every case
# must run and produce the objects it should. JIT = the same build's framework-dependent apphost.
dotnet run --project bench/AgentSetBench -c Release --no-build -- \
  --smoke --aot artifacts/aot/agentset --jit src/AgentSetFn/bin/Release/net10.0/agentset
