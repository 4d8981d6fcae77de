using AgentSetFn.Tests.Support;
using AgentSetFn.Validation;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// A scheduled prompt's timezone must be a zone of the IANA tz database, as openab (chrono-tz)
/// reads it: openab refuses any other at start. Links openab accepts pass; a near miss names
/// the zone that was probably meant.
/// </summary>
public class CronTimezoneTests
{
    private static readonly string Template = AgentSetYaml.OneAgent("bot", """
              cronjobs:
                - {name: daily, schedule: "0 9 * * MON-FRI", channel: "123456789012345678", prompt: hello, timezone: "{zone}"}
        """);

    private const string ZonePath = "spec.agents.bot.cronjobs[0].timezone";

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Etc/GMT+5")]
    [InlineData("Etc/GMT-14")]
    [InlineData("US/Eastern")]
    [InlineData("Asia/Calcutta")]
    [InlineData("GMT")]
    [InlineData("EST5EDT")]
    public void Zones_and_links_openab_accepts_pass(string zone)
    {
        Assert.Null(CronSchedule.TimezoneProblem(zone));
        var run = FunctionRunner.RunKrm(Template.Replace("{zone}", zone, StringComparison.Ordinal));
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(new Output(run.Output).ResultsOf("error"));
    }

    [Theory]
    [InlineData("Europe/Berln", "Europe/Berlin")]
    [InlineData("America/New_Yrok", "America/New_York")]
    [InlineData("europe/berlin", "Europe/Berlin")]
    [InlineData("utc", "UTC")]
    [InlineData("Berlin", "Europe/Berlin")]
    [InlineData("new york", "America/New_York")]
    [InlineData("Buenos_Aires", "America/Argentina/Buenos_Aires")]
    [InlineData("UTC+2", "Etc/GMT-2")]
    [InlineData("GMT-5", "Etc/GMT+5")]
    public void A_near_miss_is_an_error_that_names_the_zone_meant(string zone, string meant)
    {
        var run = FunctionRunner.RunKrm(Template.Replace("{zone}", zone, StringComparison.Ordinal));
        ErrorResults.AssertOnlyError(run, ZonePath, $"`{zone}` is not a time zone of the IANA tz database", $"did you mean `{meant}`?");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("not a zone at all")]
    [InlineData("+02:00")]
    [InlineData("Europe/Berlin/")]
    [InlineData("Europe/Berlin\\n")]
    public void Garbage_is_an_error_without_a_guess(string zone)
    {
        var problem = CronSchedule.TimezoneProblem(zone.Replace("\\n", "\n", StringComparison.Ordinal));
        Assert.NotNull(problem);
        if (zone != "Europe/Berlin/" && zone != "Europe/Berlin\\n")
            Assert.DoesNotContain("did you mean", problem, StringComparison.Ordinal);
        var run = FunctionRunner.RunKrm(Template.Replace("{zone}", zone, StringComparison.Ordinal));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(new Output(run.Output).ResultsOf("error"), r => Str(r, "field", "path") == ZonePath);
    }

    /// <summary>The database ships inside the binary: the Native AOT build checks zones with no tzdata on the machine.</summary>
    [Fact]
    public void The_published_binary_carries_the_tz_database()
    {
        var good = Binary.Run(FunctionRunner.ResourceList(Template.Replace("{zone}", "Asia/Taipei", StringComparison.Ordinal)), null);
        Assert.True(good.ExitCode == 0, good.Output + good.Error);
        var bad = Binary.Exec(Binary.Path, FunctionRunner.ResourceList(Template.Replace("{zone}", "Asia/Taipie", StringComparison.Ordinal)), null,
            new Dictionary<string, string> { ["TZDIR"] = "/nonexistent", ["TZ"] = "UTC" });
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("did you mean `Asia/Taipei`?", bad.Output, StringComparison.Ordinal);
    }
}
