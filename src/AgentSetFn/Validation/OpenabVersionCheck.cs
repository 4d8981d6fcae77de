using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;
using Tomlyn.Parsing;

namespace AgentSetFn.Validation;

/// <summary>
/// Checks an agent's broker image against what agentset knows about openab's releases: that an
/// openab image reference follows the naming of its release (else the pod never pulls), and
/// that the release reads every config.toml key agentset writes for the agent (openab ignores
/// a key it does not know without a word, so a setting would silently do nothing).
/// </summary>
internal static class OpenabVersionCheck
{
    public static void Check(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var tagPath = $"{path}.image.tag";
        var repository = agent.Definition.Image?.Repository is { Length: > 0 } r ? r : null;
        var tag = agent.ImageTag;
        var ours = repository is null || OpenabReleases.IsOpenabRepository(repository);
        var (version, variant) = OpenabReleases.SplitVariant(tag);
        if (version is not { } release)
        {
            if (ours && tag.StartsWith('v') && OpenabReleases.SplitVariant(tag[1..]).Version is not null)
            {
                // The release workflow strips the v of the git tag (docker/metadata-action's {{version}}).
                diagnostics.Error(tagPath, $"`{tag}` is a git tag: openab's images are tagged without the `v` (`{tag[1..]}`)");
                return;
            }
            var toml = OpenabConfigToml.Write(agent);
            diagnostics.Info(tagPath, $"`{tag}` is not an openab release number (X.Y.Z or X.Y.Z-beta.N), so agentset cannot tell which config.toml keys this image reads; "
                + $"agentset writes keys of openab {ReleaseReadingAll(toml)} and later, which older releases ignore"
                + string.Concat(UnreleasedSections(toml).Select(key => $"; `{KeyText(key.Key)}` is read by no release: {key.Unreleased}")));
            return;
        }
        if (ours && NamingProblem(repository, release, variant, agent) is { } problem)
        {
            diagnostics.Error(repository is null ? tagPath : $"{path}.image", problem);
            return;
        }
        if (ours && agent.Cli is { NoImageThrough: { } none } cli && cli.PublishedIn(release) is null)
            diagnostics.Warning(tagPath, $"agentset cannot tell whether openab {release} published an image for `{agent.Command}`: openab {none} and older have none, "
                + $"and {cli.FirstImage} is the first release known to have one; check that the image exists, or use {cli.FirstImage} or later");
        if (release < OpenabReleases.OldestKnown)
        {
            diagnostics.Warning(tagPath, $"openab {release} is older than any release agentset knows ({OpenabReleases.OldestKnown}): it may ignore keys agentset writes; use {OpenabReleases.Default} or later");
            return;
        }
        var typed = OpenabConfigToml.Write(agent, tokenReferences: true);
        var raw = agent.Definition.ConfigToml;
        foreach (var key in IgnoredKeys(RawConfigToml.Merge(typed, raw), release))
        {
            var lost = key.Lost is null ? "" : $", so {key.Lost}";
            if (key.Since is { } since)
                diagnostics.Warning(tagPath, $"openab {release} ignores `{KeyText(key.Key)}` in config.toml, written for {WrittenFor(key, typed, raw)}: the key first appears in openab {since}{lost}; use that release or later, or leave the field unset");
            // A key no release reads: known to be ignored by openab's own images up to the newest
            // release read; an image of one's own, or a newer release, may have it.
            else if (ours && release <= OpenabReleases.NewestRead)
                diagnostics.Warning(tagPath, $"openab {release} ignores `{KeyText(key.Key)}` in config.toml, written for {WrittenFor(key, typed, raw)}: no openab release agentset knows reads it{lost}. {key.Unreleased}");
            else
                diagnostics.Info(tagPath, $"`{KeyText(key.Key)}` in config.toml, written for {WrittenFor(key, typed, raw)}, is read by no openab release agentset knows (up to {OpenabReleases.NewestRead}): "
                    + $"check that this image reads it{(key.Lost is null ? "" : $"; if not, {key.Lost}")}. {key.Unreleased}");
        }
    }

    /// <summary>
    /// The AgentSet fields that wrote a key: its typed field, `configToml` (the raw document laid
    /// over the rendered one), or both, so the warning points where the user wrote it.
    /// </summary>
    private static string WrittenFor(OpenabConfigKey key, string typed, string? raw)
    {
        static bool Writes(string toml, string key) => KeyPaths(toml).Any(p => p == key || p.StartsWith(key + ".", StringComparison.Ordinal));
        var byRaw = raw is not null && Writes(raw, key.Key);
        if (!byRaw) return key.Field;
        return Writes(typed, key.Key) ? $"{key.Field} and {AgentSetApi.Agent.ConfigToml.Name}" : AgentSetApi.Agent.ConfigToml.Name;
    }

    /// <summary>
    /// The release from which every key of the config.toml is read: the default release, or a
    /// newer one when the agent sets a field newer than it (keys no release reads aside).
    /// </summary>
    internal static OpenabVersion ReleaseReadingAll(string toml)
    {
        var newest = KeyPaths(toml).Select(OpenabReleases.FindKey).OfType<OpenabConfigKey>().Select(k => k.Since).OfType<OpenabVersion>().DefaultIfEmpty(OpenabReleases.Default).Max();
        return newest > OpenabReleases.Default ? newest : OpenabReleases.Default;
    }

    /// <summary>`agent.inherit_env` as `[agent].inherit_env`, a section as `[cron]`.</summary>
    private static string KeyText(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot < 0 ? $"[{key}]" : $"[{key[..dot]}].{key[(dot + 1)..]}";
    }

    /// <summary>An openab image reference that names no image of its release.</summary>
    private static string? NamingProblem(string? repository, OpenabVersion release, string? variant, ResolvedAgent agent)
    {
        var cliVariant = agent.ImageVariant;
        var unified = release >= OpenabReleases.UnifiedImagesSince;
        if (!unified && variant is not null)
            return $"openab {release} predates the `<version>-<variant>` tags (they start with {OpenabReleases.UnifiedImagesSince}): its images are tagged `{release}` in per-CLI repositories"
                + (repository is null ? $"; write tag `{release}`" : $" (ghcr.io/openabdev/openab-{variant}:{release}); leave image.repository empty to get it");
        // A first image at the oldest known release says only "in every release agentset knows":
        // what came before is not known, and that is the older-than-known warning's business.
        if (agent.Cli is { } cli && cli.PublishedIn(release) is false && cli.FirstImage > OpenabReleases.OldestKnown)
            return $"openab {release} published no image for `{agent.Command}`: "
                + (cli.NoImageThrough is { } none ? $"its image came after {none}, and {cli.FirstImage} is the first release known to have it" : $"its first is {cli.FirstImage}")
                + "; use that release or later";
        if (unified && repository is not null && repository != OpenabReleases.Repository)
            return $"`{repository}` has no {release} images: from {OpenabReleases.UnifiedImagesSince} on openab publishes every CLI as {OpenabReleases.Repository}:<version>-<variant> "
                + $"({OpenabReleases.Repository}:{release}-{variant ?? cliVariant}); leave image.repository empty to get it";
        if (variant is not null && variant != cliVariant && agent.Cli is not null)
            return $"`{release}-{variant}` is the {variant} image, but the agent runs `{agent.Command}` (image variant {cliVariant}): write tag `{release}` or `{release}-{cliVariant}`";
        return null;
    }

    /// <summary>
    /// The keys of the rendered config.toml that the release does not read, outermost first: a
    /// section the release lacks is reported once, not with every key in it.
    /// </summary>
    internal static IReadOnlyList<OpenabConfigKey> IgnoredKeys(string toml, OpenabVersion release)
    {
        var ignored = new List<OpenabConfigKey>();
        foreach (var path in KeyPaths(toml))
        {
            if (OpenabReleases.IsInsideMap(path) || ignored.Any(k => path.StartsWith(k.Key + ".", StringComparison.Ordinal))) continue;
            // A key missing from the table is a gap in the table, which a test guards; it is never guessed at here.
            if (OpenabReleases.FindKey(path) is { } key && (key.Since is not { } since || release < since)) ignored.Add(key);
        }
        return ignored;
    }

    /// <summary>The outermost keys of a config.toml that no release reads, each section once.</summary>
    private static IEnumerable<OpenabConfigKey> UnreleasedSections(string toml) =>
        IgnoredKeys(toml, OpenabReleases.NewestKeyRelease).Where(k => k.Since is null);

    /// <summary>Every key of a TOML document as a dotted path (array elements add no segment), in document order, each once.</summary>
    internal static IReadOnlyList<string> KeyPaths(string toml)
    {
        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var containers = new Stack<string?>();
        string? pending = null;
        var parser = TomlParser.Create(toml);
        while (parser.MoveNext())
        {
            var kind = parser.Current.Kind;
            switch (kind)
            {
                case TomlParseEventKind.PropertyName:
                    pending = parser.GetPropertyName();
                    var path = string.Join('.', containers.Reverse().Where(s => s is not null).Append(pending));
                    if (seen.Add(path)) paths.Add(path);
                    break;
                case TomlParseEventKind.StartTable or TomlParseEventKind.StartArray:
                    containers.Push(pending);
                    pending = null;
                    break;
                case TomlParseEventKind.EndTable or TomlParseEventKind.EndArray:
                    containers.Pop();
                    break;
                default:
                    pending = null;
                    break;
            }
        }
        return paths;
    }
}
