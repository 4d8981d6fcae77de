using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.ChartParity.ChartAgent;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/persistence_test.yaml ("persistence PVC rendering"),
/// chart 0.8.3-beta.4 (the May snapshot, commit 0ec5b8f82208a502613d07a284f32d44aacf4d68, six
/// cases: the newest version readable; the store's only one, d2cfa9e8db5f0f8c24c2e8b7225a2cc757bb5d98,
/// is an older draft with its first four).
///
/// agentset renders no PersistentVolumeClaim: the chart's per-agent PVC is, in an AgentSet,
/// `persistence.s3` (the login state restored from and backed up to a bucket, the home an
/// emptyDir) or `persistence.existingClaim` (a claim the team already has, mounted at `$HOME`), and
/// no persistence at all is the chart's `persistence.enabled: false`. So each case is ported to its
/// meaning: "the chart keeps the PVC on uninstall" is "nothing agentset writes holds the login
/// state", "the chart-created PVC is mounted by default" is "the home is persisted, and where it is
/// not agentset says so", "no PVC is created" is "no PVC is rendered", and "the data volume is
/// mounted or not" is the home volume's source.
/// </summary>
public class PersistenceChartTests
{
    private const string S3 = "{s3: {enabled: true, bucket: team-logins, region: eu-west-1}}";

    private static IEnumerable<string?> Kinds(Output output) => output.Items.Select(i => Output.Str(i, "kind"));

    private static YamlDotNet.RepresentationModel.YamlMappingNode Home(Output output) => Volumes(output).Single(v => Output.Str(v, "name") == "home");

    // chart: "keeps chart-created PVCs on helm uninstall"
    [Fact]
    public void Keeps_chart_created_PVCs_on_helm_uninstall()
    {
        // The login state lives in the bucket or in the team's own claim, never in an object
        // agentset writes: deleting everything it rendered leaves the logins where they are.
        foreach (var persistence in new[] { S3, "{existingClaim: openab-existing-kiro}" })
        {
            var output = Render(Kiro(persistence: persistence));
            Assert.DoesNotContain("PersistentVolumeClaim", Kinds(output));
            Assert.DoesNotContain("PersistentVolume", Kinds(output));
        }
    }

    // chart: "mounts the chart-created PVC by default"
    [Fact]
    public void Mounts_the_chart_created_PVC_by_default()
    {
        // With S3 the home is restored into the pod before openab starts, and backed up.
        var output = Render(Kiro(persistence: S3));
        Assert.NotNull(Output.Node(Home(output), "emptyDir"));
        var initContainers = Output.Seq(output.Single("Deployment", Name), "spec", "template", "spec", "initContainers").ToList();
        Assert.Contains(initContainers, c => Output.Str(c, "name") == "s3-restore");
        Assert.Contains(Output.Seq(AgentContainer(output), "volumeMounts"), m => Output.Str(m, "name") == "home" && Output.Str(m, "mountPath") == "/home/agent");

        // An AgentSet has no storage to default to (no bucket, no claim): without persistence it
        // renders, and says the logins are lost (docs/reference.md: persistence.s3.enabled, "Off: a warning").
        var bare = Render(Kiro(persistence: ""));
        Assert.Contains(bare.ResultsOf("warning"), r => Output.Str(r, "message")!.Contains("persistence is off", StringComparison.Ordinal));
    }

    // chart: "skips PVC creation when existingClaim is set"
    [Fact]
    public void Skips_PVC_creation_when_existingClaim_is_set()
    {
        var output = Render(Kiro(persistence: "{existingClaim: openab-existing-kiro}"));
        Assert.DoesNotContain("PersistentVolumeClaim", Kinds(output));
        Assert.DoesNotContain(output.ResultsOf("warning"), r => Output.Str(r, "message")!.Contains("persistence is off", StringComparison.Ordinal));
    }

    // chart: "mounts existingClaim when set"
    [Fact]
    public void Mounts_existingClaim_when_set()
    {
        var output = Render(Kiro(persistence: "{existingClaim: openab-existing-kiro}"));
        Assert.Equal("openab-existing-kiro", Output.Str(Home(output), "persistentVolumeClaim", "claimName"));
        Assert.Contains(Output.Seq(AgentContainer(output), "volumeMounts"), m => Output.Str(m, "name") == "home" && Output.Str(m, "mountPath") == "/home/agent");
    }

    // chart: "skips PVC when persistence is disabled"
    [Fact]
    public void Skips_PVC_when_persistence_is_disabled() => Assert.DoesNotContain("PersistentVolumeClaim", Kinds(Render(Kiro(persistence: ""))));

    // chart: "skips data volume mount when persistence is disabled"
    [Fact]
    public void Skips_data_volume_mount_when_persistence_is_disabled()
    {
        var output = Render(Kiro(persistence: ""));
        Assert.DoesNotContain(Volumes(output), v => Output.Node(v, "persistentVolumeClaim") is not null);
        Assert.NotNull(Output.Node(Home(output), "emptyDir"));
    }
}
