# syntax=docker/dockerfile:1
# The agentset KRM function as a container, for kpt `image:` pipelines and GitOps renderers.
# It builds for the platform it is asked for (linux/amd64 or linux/arm64) and names the commit
# in `agentset --version` when given one:
#   docker build --build-arg COMMIT=$(git rev-parse HEAD) -t ghcr.io/agentset-dev/agentset:0.1.0 .
#   kpt fn eval --image ghcr.io/agentset-dev/agentset:0.1.0 --fn-config agentset.yaml .

# Build: the SDK image variant that carries the Native AOT toolchain (clang, zlib). Native AOT
# compiles for the machine it runs on, so each platform's image is built on that platform.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
# Set by BuildKit from --platform: amd64 or arm64.
ARG TARGETARCH
WORKDIR /src
# The .NET runtime identifier of the platform; any other platform stops the build here.
RUN case "$TARGETARCH" in \
      amd64) rid=linux-x64 ;; \
      arm64) rid=linux-arm64 ;; \
      *) echo "agentset images are built for amd64 and arm64, not '$TARGETARCH'" >&2; exit 1 ;; \
    esac \
 && echo "$rid" > /tmp/rid
# Restore first, from the project files only, so the layer is cached across code changes.
COPY Directory.Build.props Functions.sln ./
COPY src/AgentSetFn/AgentSetFn.csproj src/AgentSetFn/
COPY src/KrmFn/KrmFn.csproj src/KrmFn/
RUN dotnet restore src/AgentSetFn/AgentSetFn.csproj -r "$(cat /tmp/rid)"
COPY src/ src/
# The context has no .git: the commit comes in as an argument (empty: --version says "unknown").
# Declared after the restore so a new commit reuses the restored layer.
ARG COMMIT=""
# TreatWarningsAsErrors (Directory.Build.props) makes any AOT or trim warning fail the build.
RUN dotnet publish src/AgentSetFn/AgentSetFn.csproj -c Release -r "$(cat /tmp/rid)" --no-restore -o /out \
      -p:SourceRevisionId="$COMMIT" \
 && /out/agentset --version

# Run: distroless, no shell, no package manager, non-root (uid 1654 "app").
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS final
COPY --from=build /out/agentset /usr/local/bin/agentset
USER app
ENTRYPOINT ["/usr/local/bin/agentset"]
