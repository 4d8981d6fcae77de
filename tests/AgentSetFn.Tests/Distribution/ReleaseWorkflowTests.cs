using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Distribution;

/// <summary>
/// The release workflow (.github/workflows/release.yml, which cannot run here) builds what the
/// project, the Dockerfile and docs/install.md promise; the CI workflow runs the test command.
/// </summary>
public sealed class ReleaseWorkflowTests : IDisposable
{
    private readonly TempDirectory _temp = new("agentset-release-");
    private readonly YamlMappingNode _release = Release.Workflow("release.yml");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_version_tag_releases_the_projects_version_and_any_other_tag_fails()
    {
        Assert.Equal("v*", Assert.Single(((YamlSequenceNode)Release.Map(_release, "on", "push")["tags"]).Children).ToString());
        Assert.Equal(Release.ProjectPath, Release.Scalar(_release, "env", "PROJECT"));

        var version = Release.Job(_release, "version");
        Assert.Equal("${{ steps.version.outputs.version }}", Release.Scalar(version, "outputs", "version"));
        var step = Release.StepNamed(version, "Version from the tag");
        Assert.Equal("version", Release.Scalar(step, "id"));

        // The step's own script, run as the workflow runs it, on the repository.
        (int ExitCode, string Output, string Error) Run(string tag)
        {
            var output = _temp.Write($"output-{tag}", "");
            var run = Binary.Exec("bash", Release.Scalar(step, "run"), Release.Root, new Dictionary<string, string>
            {
                ["GITHUB_REF_NAME"] = tag,
                ["GITHUB_OUTPUT"] = output,
                ["PROJECT"] = Release.Scalar(_release, "env", "PROJECT")!,
            }, "-e");
            return (run.ExitCode, File.ReadAllText(output), run.Error);
        }

        var ok = Run($"v{Release.Version}");
        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Equal($"version={Release.Version}\n", ok.Output);
        foreach (var tag in new[] { Release.Version, $"v{Release.Version}.1", $"v{Release.Version}-rc.1", "v9.9.9", "v" })
        {
            var wrong = Run(tag);
            Assert.NotEqual(0, wrong.ExitCode);
            Assert.Equal("", wrong.Output);
            Assert.Contains($"the tag {tag} is not v<Version> of {Release.ProjectPath} (Version: {Release.Version})", wrong.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_release_builds_a_binary_and_a_tool_package_for_each_runtime_of_the_project()
    {
        Assert.Equal("agentset", Release.Property("PackageId"));
        Assert.Equal("agentset", Release.Property("ToolCommandName"));
        Assert.Equal("true", Release.Property("PackAsTool"));
        Assert.Equal("true", Release.Property("PublishAot"));

        var binaries = Release.Job(_release, "binaries");
        Assert.Equal(Release.RuntimeIdentifiers, [.. Release.MatrixValues(binaries, "rid").Order(StringComparer.Ordinal)]);
        var build = Release.StepNamed(binaries, "Native AOT binary and its tool package");
        Assert.Equal("${{ matrix.rid }}", Release.Scalar(build, "env", "RID"));
        var script = Release.Scalar(build, "run")!;
        Assert.Contains("dotnet publish \"$PROJECT\" -c Release -r \"$RID\"", script, StringComparison.Ordinal);
        Assert.Contains("dotnet pack \"$PROJECT\" -c Release -r \"$RID\" -o dist/nuget", script, StringComparison.Ordinal);

        // The pointer package is packed once, and every package is pushed.
        var release = Release.Job(_release, "release");
        var push = Release.Scalar(Release.StepNamed(release, "The .NET tool on nuget.org"), "run")!;
        Assert.Contains("dotnet pack \"$PROJECT\" -c Release -o dist/nuget", push, StringComparison.Ordinal);
        Assert.Contains("dotnet nuget push \"dist/nuget/*.nupkg\"", push, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_is_the_Dockerfile_built_natively_for_each_platform_the_docs_promise()
    {
        var image = Release.Job(_release, "image");
        var platforms = Release.MatrixValues(image, "platform").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["linux/amd64", "linux/arm64"], platforms);
        Assert.Equal(platforms, Release.InstallTable().Select(r => r.Image).Where(i => i.Length > 0).Order(StringComparer.Ordinal));

        // Each platform is built by the Dockerfile for a runtime the tool also ships.
        var dockerfileRuntimes = Release.DockerfileRuntimes();
        Assert.Equal(platforms, dockerfileRuntimes.Keys.Order(StringComparer.Ordinal));
        Assert.All(dockerfileRuntimes.Values, rid => Assert.Contains(rid, Release.RuntimeIdentifiers));

        var build = Release.StepUsing(image, "docker/build-push-action");
        Assert.Equal(".", Release.Scalar(build, "with", "context"));
        var dockerfile = Release.Scalar(build, "with", "file")!;
        Assert.Equal("Dockerfile", dockerfile);
        Assert.True(File.Exists(Release.File(dockerfile)));
        Assert.Equal("${{ matrix.platform }}", Release.Scalar(build, "with", "platforms"));
        Assert.Equal("COMMIT=${{ github.sha }}", Release.Scalar(build, "with", "build-args"));
        Assert.Equal("true", Release.Scalar(build, "with", "sbom"));
        Assert.Equal("mode=max", Release.Scalar(build, "with", "provenance"));
        Assert.StartsWith("type=image,name=${{ env.IMAGE }},push-by-digest=true", Release.Scalar(build, "with", "outputs"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_release_tags_the_image_with_the_version_and_signs_image_and_binaries()
    {
        var release = Release.Job(_release, "release");
        Assert.Equal("${{ needs.version.outputs.version }}", Release.Scalar(release, "env", "VERSION"));
        Assert.Equal("write", Release.Scalar(release, "permissions", "id-token"));

        var image = Release.Scalar(Release.StepNamed(release, "Multi-platform image, tagged and signed"), "run")!;
        Assert.Contains("imagetools create -t \"$IMAGE:$VERSION\"", image, StringComparison.Ordinal);
        Assert.Contains("cosign sign --yes \"$IMAGE@$digest\"", image, StringComparison.Ordinal);

        var binaries = Release.Scalar(Release.StepNamed(release, "Checksums and signatures of the binaries"), "run")!;
        Assert.Contains("sha256sum", binaries, StringComparison.Ordinal);
        Assert.Contains("cosign sign-blob --yes --bundle \"$binary.sigstore.json\"", binaries, StringComparison.Ordinal);
        Release.StepUsing(release, "sigstore/cosign-installer");
    }

    [Fact]
    public void The_install_page_lists_each_runtime_of_the_project_with_its_release_binary()
    {
        var table = Release.InstallTable();
        Assert.Equal(Release.RuntimeIdentifiers, [.. table.Select(r => r.Runtime).Order(StringComparer.Ordinal)]);
        Assert.All(table, row => Assert.Equal("agentset-" + row.Runtime + (row.Runtime.StartsWith("win-", StringComparison.Ordinal) ? ".exe" : ""), row.Binary));
        // The binaries job names them so.
        var script = Release.Scalar(Release.StepNamed(Release.Job(_release, "binaries"), "Native AOT binary and its tool package"), "run")!;
        Assert.Contains("cp \"out/agentset$ext\" \"dist/bin/agentset-$RID$ext\"", script, StringComparison.Ordinal);
        Assert.Contains("[[ \"$RID\" == win-* ]] && ext=.exe", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Dockerfile_publishes_the_project_for_the_platform_it_is_asked_for_with_the_commit_given()
    {
        var dockerfile = File.ReadAllText(Release.File("Dockerfile"));
        Assert.Contains($"COPY {Release.ProjectPath} ", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"RUN dotnet publish {Release.ProjectPath} -c Release -r \"$(cat /tmp/rid)\"", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ARG TARGETARCH\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ARG COMMIT=\"\"\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-p:SourceRevisionId=\"$COMMIT\"", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("-r linux-x64", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_runs_the_repository_test_command_on_every_push_and_pull_request()
    {
        var ci = Release.Workflow("ci.yml");
        var on = Release.Map(ci, "on");
        Assert.True(on.Children.ContainsKey(new YamlScalarNode("push")));
        Assert.True(on.Children.ContainsKey(new YamlScalarNode("pull_request")));
        var steps = ((YamlMappingNode)ci["jobs"]).Children.Values.Cast<YamlMappingNode>().SelectMany(Release.Steps);
        Assert.Contains(steps, s => Release.Scalar(s, "run") == "bash .ci/run");
        Assert.Contains("exec bash scripts/test.sh", File.ReadAllText(Release.File(".ci/run")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_action_is_pinned_by_commit()
    {
        foreach (var name in new[] { "ci.yml", "release.yml" })
        {
            var uses = ((YamlMappingNode)Release.Workflow(name)["jobs"]).Children.Values.Cast<YamlMappingNode>()
                .SelectMany(Release.Steps).Select(s => Release.Scalar(s, "uses")).OfType<string>().ToList();
            Assert.NotEmpty(uses);
            Assert.All(uses, u => Assert.Matches(@"^[a-z0-9-]+/[a-z0-9-]+@[0-9a-f]{40}$", u));
        }
    }
}
