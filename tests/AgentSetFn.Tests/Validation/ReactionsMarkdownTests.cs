using AgentSetFn.Tests.Support;
using Tomlyn;
using Tomlyn.Model;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// `reactions.emojis`, `reactions.timing` and `markdown`: each lands under the key openab's
/// src/config.rs deserialises (ReactionEmojis, ReactionTiming, MarkdownConfig), with the type it
/// reads (string, u64, lowercase enum); unset keys are not written; wrong types, ranges and
/// values are errors on the field.
/// </summary>
public class ReactionsMarkdownTests
{
    private static RunResult Run(string agentLines, string specLines = "") =>
        FunctionRunner.RunKrm(AgentSetYaml.OneAgent("kiro", agentLines, specLines));

    private static TomlTable ConfigToml(RunResult run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Error}");
        var text = Str(new Output(run.Output).Single("ConfigMap", "team-kiro"), "data", "config.toml")!;
        return TomlSerializer.Deserialize<TomlTable>(text)!;
    }

    private static TomlTable Table(TomlTable toml, params string[] path) =>
        path.Aggregate(toml, (table, key) => Assert.IsType<TomlTable>(table[key]));

    [Fact]
    public void Every_emoji_timing_and_table_mode_is_written_under_openabs_key_with_openabs_type()
    {
        var toml = ConfigToml(Run("""
                  reactions:
                    emojis: {queued: "👀", thinking: "🧠", tool: "🔧", coding: "👩‍💻", web: "🌐", done: "✅", error: "⚠️"}
                    timing: {debounceMs: 0, stallSoftMs: 15000, stallHardMs: 2147483647, doneHoldMs: 1, errorHoldMs: 5000}
                  markdown: {tables: bullets}
            """));

        var emojis = Table(toml, "reactions", "emojis");
        // The keys of openab's ReactionEmojis, each a TOML string holding the emoji's exact code points.
        Assert.Equal(["queued", "thinking", "tool", "coding", "web", "done", "error"], emojis.Keys);
        Assert.Equal("👀", emojis["queued"]);
        Assert.Equal("\U0001F469\u200D\U0001F4BB", emojis["coding"]);
        Assert.Equal("\u26A0\uFE0F", emojis["error"]);
        var timing = Table(toml, "reactions", "timing");
        // The keys of openab's ReactionTiming, each a TOML integer (u64 there).
        Assert.Equal(["debounce_ms", "stall_soft_ms", "stall_hard_ms", "done_hold_ms", "error_hold_ms"], timing.Keys);
        Assert.Equal([0L, 15000L, 2147483647L, 1L, 5000L], timing.Values.Select(v => Assert.IsType<long>(v)));
        Assert.Equal("bullets", Table(toml, "markdown")["tables"]);
        // [reactions] keeps what it always had.
        Assert.Equal(true, Table(toml, "reactions")["enabled"]);
        Assert.Equal(false, Table(toml, "reactions")["remove_after_reply"]);
    }

    [Theory]
    [InlineData("code")]
    [InlineData("bullets")]
    [InlineData("off")]
    public void Each_table_mode_openab_knows_is_written_as_is(string mode)
    {
        Assert.Equal(mode, Table(ConfigToml(Run($"      markdown: {{tables: \"{mode}\"}}")), "markdown")["tables"]);
    }

    [Fact]
    public void Only_the_keys_set_are_written_and_no_empty_section()
    {
        var toml = ConfigToml(Run("      reactions:\n        emojis: {done: \"✅\"}\n        timing: {}\n      markdown: {}"));

        Assert.Equal(["done"], Table(toml, "reactions", "emojis").Keys);
        Assert.False(Table(toml, "reactions").ContainsKey("timing"));
        Assert.False(toml.ContainsKey("markdown"));

        var plain = ConfigToml(Run(""));
        Assert.False(Table(plain, "reactions").ContainsKey("emojis"));
        Assert.False(Table(plain, "reactions").ContainsKey("timing"));
        Assert.False(plain.ContainsKey("markdown"));
    }

    [Fact]
    public void Emojis_from_spec_defaults_merge_key_by_key_under_the_agents_own()
    {
        var toml = ConfigToml(Run("      reactions:\n        emojis: {done: \"✅\"}",
            "  defaults:\n    reactions:\n      emojis: {queued: \"👀\", done: \"🆗\"}\n      timing: {debounceMs: 100}\n"));

        var emojis = Table(toml, "reactions", "emojis");
        Assert.Equal("👀", emojis["queued"]);
        Assert.Equal("✅", emojis["done"]);
        Assert.Equal(100L, Table(toml, "reactions", "timing")["debounce_ms"]);
    }

    // name, agent lines, "field|message fragment"
    public static TheoryData<string, string, string> Errors => new()
    {
        { "timing quoted", "reactions: {timing: {debounceMs: \"700\"}}", "spec.agents.kiro.reactions.timing.debounceMs|must be an integer (unquoted)" },
        { "timing negative", "reactions: {timing: {doneHoldMs: -1}}", "spec.agents.kiro.reactions.timing.doneHoldMs|must be between 0 and 2147483647, got -1" },
        { "stall threshold zero", "reactions: {timing: {stallSoftMs: 0}}", "spec.agents.kiro.reactions.timing.stallSoftMs|must be between 1 and 2147483647, got 0" },
        { "hard stall zero", "reactions: {timing: {stallHardMs: 0}}", "spec.agents.kiro.reactions.timing.stallHardMs|must be between 1 and 2147483647, got 0" },
        { "timing beyond int", "reactions: {timing: {errorHoldMs: 99999999999}}", "spec.agents.kiro.reactions.timing.errorHoldMs|must be an integer" },
        { "timing a float", "reactions: {timing: {debounceMs: 1.5}}", "spec.agents.kiro.reactions.timing.debounceMs|must be an integer" },
        { "timing a list", "reactions: {timing: [700]}", "spec.agents.kiro.reactions.timing|must be a mapping" },
        { "typo in timing", "reactions: {timing: {debounce_ms: 700}}", "spec.agents.kiro.reactions.timing.debounce_ms|did you mean `debounceMs`?" },
        { "typo in emojis", "reactions: {emojis: {thinkng: \"🤔\"}}", "spec.agents.kiro.reactions.emojis.thinkng|did you mean `thinking`?" },
        { "emoji a mapping", "reactions: {emojis: {done: {x: 1}}}", "spec.agents.kiro.reactions.emojis.done|must be a string" },
        { "emoji empty", "reactions: {emojis: {done: \"\"}}", "spec.agents.kiro.reactions.emojis.done|must not be empty" },
        { "emoji with a space", "reactions: {emojis: {queued: \"👀 \"}}", "spec.agents.kiro.reactions.emojis.queued|must be one emoji without spaces" },
        { "emoji with a newline", "reactions: {emojis: {error: \"😱\\n\"}}", "spec.agents.kiro.reactions.emojis.error|contains a control character" },
        { "emojis a string", "reactions: {emojis: \"👀\"}", "spec.agents.kiro.reactions.emojis|must be a mapping" },
        { "table mode outside its set", "markdown: {tables: none}", "spec.agents.kiro.markdown.tables|must be one of: code, bullets, off; got `none`" },
        { "table mode capitalised", "markdown: {tables: Code}", "spec.agents.kiro.markdown.tables|did you mean `code`?" },
        { "table mode unquoted off", "markdown: {tables: false}", "spec.agents.kiro.markdown.tables|must be one of: code, bullets, off" },
        { "typo in markdown", "markdown: {table: code}", "spec.agents.kiro.markdown.table|did you mean `tables`?" },
        { "a ${VAR} openab would expand", "reactions: {emojis: {done: \"${DONE}\"}}", "spec.agents.kiro.reactions.emojis.done|contains `${`" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_wrong_type_range_or_value_is_an_error_on_the_field(string name, string agentLines, string expected)
    {
        ErrorResults.AssertRefused(Run("      " + agentLines), expected, name);
    }

    [Theory]
    [InlineData("stallSoftMs: 30000", "stallSoftMs", "stallHardMs (30000) is not longer than stallSoftMs (30000), counting openab's default")]
    [InlineData("stallHardMs: 5000", "stallHardMs", "stallHardMs (5000) is not longer than stallSoftMs (10000)")]
    [InlineData("stallSoftMs: 9000, stallHardMs: 8000", "stallHardMs", "stallHardMs (8000) is not longer than stallSoftMs (9000):")]
    public void A_hard_stall_not_after_the_soft_one_renders_with_a_warning(string timing, string field, string message)
    {
        var run = Run($"      reactions: {{timing: {{{timing}}}}}");

        Assert.True(run.ExitCode == 0, run.Error);
        var warning = Assert.Single(new Output(run.Output).ResultsOf("warning"), w => Str(w, "field", "path")!.Contains("timing", StringComparison.Ordinal));
        Assert.Equal($"spec.agents.kiro.reactions.timing.{field}", Str(warning, "field", "path"));
        Assert.Contains(message, Str(warning, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void On_slack_an_emoji_openab_cannot_name_there_is_a_warning_and_one_it_can_is_not()
    {
        const string Slack = "      slack: {enabled: true, botTokenSecretRef: {name: s, key: b}, appTokenSecretRef: {name: s, key: a}}\n";
        var run = Run(Slack + "      reactions: {emojis: {thinking: \"🧠\", coding: \"👨‍💻\", done: \"✅\"}}");

        Assert.True(run.ExitCode == 0, run.Error);
        var warning = Assert.Single(new Output(run.Output).ResultsOf("warning"), w => Str(w, "field", "path")!.Contains("emojis", StringComparison.Ordinal));
        Assert.Equal("spec.agents.kiro.reactions.emojis.thinking", Str(warning, "field", "path"));
        Assert.Contains("on Slack the reaction shows as :grey_question:", Str(warning, "message"), StringComparison.Ordinal);
        // Discord takes any emoji: no warning without Slack.
        Assert.DoesNotContain(new Output(Run("      reactions: {emojis: {thinking: \"🧠\"}}").Output).ResultsOf("warning"),
            w => Str(w, "field", "path")!.Contains("emojis", StringComparison.Ordinal));
    }

    [Fact]
    public void Stall_thresholds_in_order_have_no_warning()
    {
        var run = Run("      reactions: {timing: {stallSoftMs: 20000, stallHardMs: 40000}}");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain(new Output(run.Output).ResultsOf("warning"), w => Str(w, "field", "path")!.Contains("reactions", StringComparison.Ordinal));
    }

    [Fact]
    public void An_image_older_than_markdown_warns_that_the_section_is_ignored()
    {
        var run = Run("      image: {tag: \"0.8.1\"}\n      markdown: {tables: \"off\"}");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(new Output(run.Output).ResultsOf("warning"), w => Str(w, "message")!.Contains(
            "openab 0.8.1 ignores `[markdown]` in config.toml, written for markdown: the key first appears in openab 0.8.2-beta.1, so tables in replies are sent as written", StringComparison.Ordinal));
        // [reactions.emojis] and [reactions.timing] are as old as openab's config: no warning for them.
        var withReactions = Run("      image: {tag: \"0.6.4-beta.1\"}\n      reactions: {emojis: {done: \"✅\"}, timing: {debounceMs: 1}}");
        Assert.DoesNotContain(new Output(withReactions.Output).ResultsOf("warning"), w => Str(w, "message")!.Contains("reactions", StringComparison.Ordinal));
    }
}
