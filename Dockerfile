# syntax=docker/dockerfile:1
# The agentset KRM function as a container, for kpt `image:` pipelines and GitOps renderers.
#   docker build -t ghcr.io/<org>/agentset:0.1.0 .
#   kpt fn eval --image ghcr.io/<org>/agentset:0.1.0 --fn-config agentset.yaml .

# Build: the SDK image variant that carries the Native AOT toolchain (clang, zlib).
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is cached across code changes.
COPY Directory.Build.props Functions.sln ./
COPY src/AgentSetFn/AgentSetFn.csproj src/AgentSetFn/
COPY src/KrmFn/KrmFn.csproj src/KrmFn/
RUN dotnet restore src/AgentSetFn/AgentSetFn.csproj -r linux-x64
COPY src/ src/
# TreatWarningsAsErrors (Directory.Build.props) makes any AOT or trim warning fail the build.
RUN dotnet publish src/AgentSetFn/AgentSetFn.csproj -c Release -r linux-x64 --no-restore -o /out \
 && /out/agentset --version

# Run: distroless, no shell, no package manager, non-root (uid 1654 "app").
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS final
COPY --from=build /out/agentset /usr/local/bin/agentset
USER app
ENTRYPOINT ["/usr/local/bin/agentset"]
