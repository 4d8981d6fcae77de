using System.Text.RegularExpressions;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;

namespace AgentSetFn.Validation;

/// <summary>
/// Meaning-level checks over a well-typed AgentSet, with its defaults applied: names that
/// Kubernetes will accept, where the Discord token comes from, environment variables that
/// would leak credentials, S3 settings and the paths that go into the backup scripts.
/// Errors stop rendering; warnings are rendered alongside the output.
/// </summary>
internal static partial class AgentSetValidator
{
    /// <summary>Variables the agent must never see: it can print its environment into a chat.</summary>
    private static readonly string[] ReservedEnv = [.. PodLayout.FixedCredentialVariables, "HOME"];

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"\A[0-9]{17,20}\z")]
    private static partial Regex Snowflake();

    // Slack channel, user and bot-user IDs: a capital letter (C, G, D, U, W, B...) and at least
    // eight capital letters or digits, e.g. C0123456789.
    [GeneratedRegex(@"\A[A-Z][A-Z0-9]{8,}\z")]
    private static partial Regex SlackId();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\z")]
    private static partial Regex BucketName();

    // repository[:tag]: lowercase path components, optional registry host and port.
    [GeneratedRegex(@"\A([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*\z")]
    private static partial Regex ImageRepository();

    [GeneratedRegex(@"\A([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})\z")]
    private static partial Regex ImageTag();

    // Letters, digits, and the punctuation that file names of the CLIs use; spaces and unicode
    // letters are fine (the scripts pass paths as data). Glob characters would act as filters.
    [GeneratedRegex(@"\A[\p{L}\p{N} ._@+=,~-]+(/[\p{L}\p{N} ._@+=,~-]+)*/?\z")]
    private static partial Regex SafePath();

    public static void Validate(AgentSetDefinition set, IReadOnlyList<ResolvedAgent> agents, Diagnostics diagnostics)
    {
        if (!Dns1123Label().IsMatch(set.Name) || set.Name.Length > 63)
            diagnostics.Error("metadata.name", $"`{set.Name}` must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)");
        if (set.Namespace is { } ns && (!Dns1123Label().IsMatch(ns) || ns.Length > 63))
            diagnostics.Error("metadata.namespace", $"`{ns}` must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)");
        if (set.OutputDirectory is { } directory)
            ValidateOutputDirectory(directory, diagnostics);

        foreach (var agent in agents)
        {
            var path = $"spec.agents.{agent.Key}";
            ValidateName(agent, path, diagnostics);
            ValidateCommand(agent.Command, $"{path}.command", diagnostics);
            ValidateImage(agent.BrokerImage, $"{path}.image", diagnostics);
            OpenabVersionCheck.Check(agent, path, diagnostics);
            ValidateChatPlatforms(agent.Definition, path, diagnostics);
            ReactionOptions.Validate(agent.Definition, path, diagnostics);
            SttOptions.Validate(agent.Definition, path, diagnostics);
            ValidateLine(agent, path, diagnostics);
            ValidateEnv(agent.Definition, path, diagnostics);
            ValidateInheritEnv(agent.Definition.InheritEnv, $"{path}.inheritEnv", diagnostics);
            PodValidator.ValidateWorkingDir(agent, $"{path}.workingDir", diagnostics);
            ValidatePersistence(agent, $"{path}.persistence", diagnostics);
            StorageIdentityChecks.Validate(agent, path, diagnostics);
            ValidateResources(agent.Definition.Resources, $"{path}.resources", diagnostics);
            ValidateTolerations(agent.Definition.Tolerations, $"{path}.tolerations", diagnostics);
            PodValidator.Validate(set, agent, path, diagnostics);
            ValidateOperations(agent, path, diagnostics);
            ValidateRuntime(agent, path, diagnostics);
            ConfigTomlStrings.Validate(agent, path, diagnostics);
            RawConfigTomlCheck.Validate(agent, path, diagnostics);
            SecretValueChecks.ValidateResolved(agent, path, diagnostics);
            ValidateGateway(set, agent, path, diagnostics);
        }
        // Across the agents of this AgentSet: what one writes or reads must not be another's.
        GeneratedNames.Validate(agents, diagnostics);
        foreach (var conflict in AgentSetsTogether.Conflicts(agents, a => a.Key))
            diagnostics.Error($"spec.agents.{conflict.Agent.Key}.{conflict.Field}", conflict.Message);
        Credentials.Validate(agents, diagnostics);
        // Sizes are those of the rendered objects, which exist for valid input only.
        if (!diagnostics.HasErrors)
        {
            foreach (var agent in agents) KubernetesLimits.CheckRenderedSizes(agent, $"spec.agents.{agent.Key}", diagnostics);
        }
    }

    internal static bool IsDns1123Label(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    internal static bool IsDns1123Subdomain(string name) => Dns1123Subdomain(name);

    internal static bool IsSlackId(string id) => SlackId().IsMatch(id);

    /// <summary>A full image reference (repository:tag or repository@sha256:...) that must be pinned.</summary>
    internal static void CheckPinnedImage(string image, string path, Diagnostics diagnostics)
    {
        if (ImageReference.Parse(image) is not { Repository: { } repository, Tag: { } tag })
        {
            diagnostics.Error(path, $"`{image}` has no tag: pin it with a version tag or digest (e.g. node:22.12-alpine)");
            return;
        }
        if (!ImageRepository().IsMatch(repository) || !ImageTag().IsMatch(tag))
            diagnostics.Error(path, $"`{image}` is not a valid image reference (repository:tag or repository@sha256:digest)");
        else if (tag == "latest")
            diagnostics.Warning(path, "`latest` is not pinned: a restart can silently change the step; use a version tag or digest");
    }

    internal static void CheckEnv(string name, string path, Diagnostics diagnostics) => CheckEnvName(name, path, diagnostics);

    // The resource names Kubernetes knows without a domain prefix; anything else unprefixed
    // (a typo like `memroy`) is rejected by the API server, so it is rejected here first.
    private static readonly string[] StandardResources = ["cpu", "memory", "ephemeral-storage"];

    private static void ValidateResources(k8s.Models.V1ResourceRequirements? resources, string path, Diagnostics diagnostics)
    {
        foreach (var (kind, quantities) in new[] { ("limits", resources?.Limits), ("requests", resources?.Requests) })
        {
            foreach (var (name, quantity) in quantities ?? new Dictionary<string, k8s.Models.ResourceQuantity>())
            {
                var where = $"{path}.{kind}.{name}";
                if (!StandardResources.Contains(name, StringComparer.Ordinal) && !name.StartsWith("hugepages-", StringComparison.Ordinal) && !name.Contains('/', StringComparison.Ordinal))
                {
                    var suggestion = MappingReader.Suggest(name, StandardResources);
                    diagnostics.Error(where, $"unknown resource `{name}`: " + (suggestion is null
                        ? "use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource (example.com/gpu)"
                        : $"did you mean `{suggestion}`?"));
                }
                if (quantity.ToString().StartsWith('-'))
                    diagnostics.Error(where, $"`{quantity}` is negative; a resource quantity must be zero or more");
            }
        }
    }

    private static void ValidateTolerations(IReadOnlyList<k8s.Models.V1Toleration> tolerations, string path, Diagnostics diagnostics)
    {
        for (var i = 0; i < tolerations.Count; i++)
        {
            var toleration = tolerations[i];
            var where = $"{path}[{i}]";
            if (toleration.OperatorProperty is not (null or "" or "Equal" or "Exists"))
                diagnostics.Error($"{where}.operator", $"`{toleration.OperatorProperty}` is not a toleration operator: use Equal (default) or Exists");
            else if (toleration.OperatorProperty == "Exists" && !string.IsNullOrEmpty(toleration.Value))
                diagnostics.Error($"{where}.value", "must be empty when operator is Exists");
            if (toleration.Effect is not (null or "" or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                diagnostics.Error($"{where}.effect", $"`{toleration.Effect}` is not a taint effect: use NoSchedule, PreferNoSchedule or NoExecute (or leave it empty for all)");
            if (string.IsNullOrEmpty(toleration.Key) && toleration.OperatorProperty != "Exists")
                diagnostics.Error($"{where}.key", "is required unless operator is Exists (which then tolerates every taint)");
        }
    }

    private static void ValidateName(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        if (!Dns1123Label().IsMatch(agent.Key))
        {
            diagnostics.Error(path, $"agent name `{agent.Key}` must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit");
            return;
        }
        if (agent.Name.Length > 63)
            diagnostics.Error(path, $"generated name `{agent.Name}` is {agent.Name.Length} characters; Kubernetes allows 63: shorten the AgentSet or agent name");
        if (agent.Definition.NameOverride is { Length: > 0 } nameOverride && !IsDns1123Label(nameOverride))
        {
            diagnostics.Error($"{path}.nameOverride", $"`{nameOverride}` must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)");
            return;
        }
    }

    /// <summary>A resolved image (both parts set): each part as it goes into the reference.</summary>
    /// <summary>
    /// openab starts `command` as one executable, without a shell: surrounding spaces name no
    /// executable, and words after the first are arguments, which belong in `args`. A path (with
    /// a '/') may hold spaces inside.
    /// </summary>
    private static void ValidateCommand(string command, string path, Diagnostics diagnostics)
    {
        if (command != command.Trim())
            diagnostics.Error(path, $"`{command}` has surrounding spaces: openab runs it as the name of an executable, and none is named so");
        else if (!command.Contains('/') && command.Any(char.IsWhiteSpace))
            diagnostics.Error(path, $"`{command}` holds spaces: openab runs it as one executable, without a shell; put the arguments in args");
    }

    private static void ValidateImage(ImageReference image, string path, Diagnostics diagnostics, string repositoryField = "repository", string tagField = "tag")
    {
        var (repository, tag) = (image.Repository ?? "", image.Tag ?? "");
        if (!ImageRepository().IsMatch(repository))
            diagnostics.Error($"{path}.{repositoryField}", $"`{repository}` is not a valid image repository (e.g. ghcr.io/openabdev/openab)");
        if (!ImageTag().IsMatch(tag))
            diagnostics.Error($"{path}.{tagField}", $"`{tag}` is not a valid image tag or sha256 digest");
        else if (tag == "latest")
            diagnostics.Warning($"{path}.{tagField}", "`latest` is not pinned: a restart can silently change the agent; use a version tag or digest");
    }

    /// <summary>An agent answers on Discord, Slack, the gateway's platforms or LINE; with none it could never be reached.</summary>
    private static void ValidateChatPlatforms(AgentDefinition agent, string path, Diagnostics diagnostics)
    {
        // The gateway (Telegram, LINE, Teams, Feishu, Google Chat, WeCom) is a chat platform of its own.
        if (!agent.Discord.Enabled && !agent.Slack.Enabled && !agent.Gateway.Enabled && !agent.Line.Enabled)
        {
            diagnostics.Error(path, "needs at least one chat platform: discord (botTokenSecretRef) or slack (enabled: true, botTokenSecretRef and appTokenSecretRef), or both, or gateway (enabled: true, url), "
                + "or line (enabled: true, openab's native LINE adapter, in no release)"
                + (agent.Slack.BotTokenSecretRef is not null || agent.Slack.AppTokenSecretRef is not null
                   || !string.IsNullOrEmpty(agent.Slack.BotToken) || !string.IsNullOrEmpty(agent.Slack.AppToken)
                    ? " (slack has tokens but is not enabled: add `enabled: true`)" : "")
                + (agent.Line.ChannelAccessToken is not null || agent.Line.ChannelSecret is not null
                    ? " (line has credentials but is not enabled: add `enabled: true`)" : ""));
            return;
        }
        if (agent.Discord.Enabled) ValidateDiscord(agent.Discord, $"{path}.discord", diagnostics);
        if (agent.Slack.Enabled) ValidateSlack(agent.Slack, $"{path}.slack", diagnostics);
    }

    private static void ValidateDiscord(DiscordSettings discord, string path, Diagnostics diagnostics)
    {
        ValidateToken(discord.BotToken, discord.BotTokenSecretRef, path, "botToken", "the bot token", diagnostics,
            discord.BotTokenExternalSecret, externalForm: true);
        ValidateChatOptions(discord, path, ValidateSnowflakes, diagnostics);
        ValidateSnowflakes(discord.AllowedRoleIds, $"{path}.allowedRoleIds", diagnostics);
    }

    private static void ValidateSlack(SlackSettings slack, string path, Diagnostics diagnostics)
    {
        ValidateToken(slack.BotToken, slack.BotTokenSecretRef, path, "botToken", "the bot token (Bot User OAuth Token, xoxb-...)", diagnostics);
        ValidateToken(slack.AppToken, slack.AppTokenSecretRef, path, "appToken", "the app token (App-Level Token for Socket Mode, xapp-...)", diagnostics);
        ValidateChatOptions(slack, path, ValidateSlackIds, diagnostics);
    }

    /// <summary>
    /// A chat token comes inline, from a Secret or (Discord's) from an ExternalSecret, exactly one
    /// of them: the checks every secret value has (<see cref="SecretValueChecks"/>).
    /// </summary>
    private static void ValidateToken(string? token, SecretKeyReference? reference, string path, string field, string what, Diagnostics diagnostics,
        ExternalSecretSource? externalSecret = null, bool externalForm = false) =>
        SecretValueChecks.Validate(new SecretValue(token, reference, externalSecret), field, what, "the token",
            externalForm, required: true, path, diagnostics);

    /// <summary>The ID lists and the combinations that make an option do nothing (warned).</summary>
    private static void ValidateChatOptions(ChatSettings chat, string path, Action<IReadOnlyList<string>, string, Diagnostics> validateIds, Diagnostics diagnostics)
    {
        validateIds(chat.AllowedChannels, $"{path}.allowedChannels", diagnostics);
        validateIds(chat.AllowedUsers, $"{path}.allowedUsers", diagnostics);
        validateIds(chat.TrustedBotIds, $"{path}.trustedBotIds", diagnostics);
        WarnUselessAllowAll(chat.AllowAllChannels, chat.AllowedChannels, path, "allowAllChannels", "allowedChannels", "in no channel", diagnostics);
        WarnUselessAllowAll(chat.AllowAllUsers, chat.AllowedUsers, path, "allowAllUsers", "allowedUsers", "to no one", diagnostics);
        if (!OpenabOptions.BatchingModes.Contains(chat.MessageProcessingMode ?? "per-message", StringComparer.Ordinal))
        {
            foreach (var (value, field) in new[] { (chat.MaxBufferedMessages, "maxBufferedMessages"), (chat.MaxBatchTokens, "maxBatchTokens") })
            {
                if (value is not null)
                    diagnostics.Warning($"{path}.{field}", $"has no effect unless messageProcessingMode is {string.Join(" or ", OpenabOptions.BatchingModes)}");
            }
        }

    }

    /// <summary>An explicit allowAll* wins over its list, in openab as in the chart: false with no list answers no one, true makes the list pointless.</summary>
    private static void WarnUselessAllowAll(bool? allowAll, IReadOnlyList<string> list, string path, string allField, string listField, string nobody, Diagnostics diagnostics)
    {
        if (allowAll == false && list.Count == 0)
            diagnostics.Warning($"{path}.{allField}", $"is false and {listField} is empty: the bot answers {nobody}");
        else if (allowAll == true && list.Count > 0)
            diagnostics.Warning($"{path}.{listField}", $"is ignored: {allField} is true");
    }

    private static void ValidateSnowflakes(IReadOnlyList<string> ids, string path, Diagnostics diagnostics) =>
        ValidateIds(ids, path, Snowflake().IsMatch, "Discord", SnowflakeForm, diagnostics);

    private static void ValidateSlackIds(IReadOnlyList<string> ids, string path, Diagnostics diagnostics) =>
        ValidateIds(ids, path, IsSlackId, "Slack", SlackIdForm, diagnostics);

    /// <summary>Each entry of an ID list; a float is named as such: an ID that YAML or Helm turned into a number.</summary>
    private static void ValidateIds(IReadOnlyList<string> ids, string path, Func<string, bool> isId, string platform, string form, Diagnostics diagnostics)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (IdProblem(ids[i], isId, form) is not { } hint) continue;
            // A credential pasted into the list is named, never shown.
            diagnostics.Error($"{path}[{i}]", Cli.SecretShapes.IsSecretValue(ids[i])
                ? $"this entry is not a {platform} ID and looks like a secret, so it is not shown: {hint}; keep secrets in a Secret"
                : $"`{ids[i]}` is not a {platform} ID: {hint}");
        }
    }

    /// <summary>
    /// inheritEnv names pass variables of the pod into the agent: valid names only, and never
    /// a token or S3 key (the agent can print its environment into a chat).
    /// </summary>
    private static void ValidateInheritEnv(IReadOnlyList<string> names, string path, Diagnostics diagnostics)
    {
        for (var i = 0; i < names.Count; i++)
        {
            // HOME is harmless to inherit (it is the working directory); the other reserved names are secrets.
            if (names[i] != "HOME") CheckEnvName(names[i], $"{path}[{i}]", diagnostics);
        }
    }

    private const string SlackIdForm =
        "Slack IDs are a capital letter and at least 8 capital letters or digits, e.g. C0123456789 (channels) or U0123456789 (users and bot users)";

    private const string SnowflakeForm = "Discord IDs are 17 to 20 digits; write them as quoted strings";

    /// <summary>Why a string is not a Discord ID, or null when it is one.</summary>
    private static string? SnowflakeProblem(string id) => IdProblem(id, Snowflake().IsMatch, SnowflakeForm);

    /// <summary>Why a string is not an ID of the given form, or null; a float is named as such.</summary>
    private static string? IdProblem(string id, Func<string, bool> isId, string form) =>
        isId(id) ? null
        : YamlScalars.IsFloat(id) && !YamlScalars.IsInteger(id)
            ? "it looks like a number that lost its digits (a float); write the ID as a quoted string"
            : form;

    private static void ValidateEnv(AgentDefinition agent, string path, Diagnostics diagnostics)
    {
        var plain = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in agent.Env)
        {
            CheckEnvName(name, $"{path}.env.{name}", diagnostics);
            plain.Add(name);
        }
        var secretNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < agent.SecretEnv.Count; i++)
        {
            var entry = agent.SecretEnv[i];
            var entryPath = $"{path}.secretEnv[{i}]";
            CheckEnvName(entry.Name, $"{entryPath}.name", diagnostics);
            if (plain.Contains(entry.Name))
                diagnostics.Error($"{entryPath}.name", $"`{entry.Name}` also exists in env: a variable comes either from env or from a Secret");
            if (!secretNames.Add(entry.Name))
                diagnostics.Error($"{entryPath}.name", $"`{entry.Name}` is listed twice in secretEnv");
            if (!Dns1123Subdomain(entry.SecretName))
                diagnostics.Error($"{entryPath}.secretName", $"`{entry.SecretName}` is not a valid Secret name");
            if (!KubernetesLimits.IsDataKey(entry.SecretKey))
                diagnostics.Error($"{entryPath}.secretKey", $"`{entry.SecretKey}` is not a valid Secret key (letters, digits, '-', '_' and '.')");
        }
    }

    private static void CheckEnvName(string name, string path, Diagnostics diagnostics)
    {
        if (!EnvName().IsMatch(name))
            diagnostics.Error(path, $"`{name}` is not a valid environment variable name (letters, digits and '_', not starting with a digit)");
        else if (ReservedEnv.Contains(name, StringComparer.Ordinal))
            diagnostics.Error(path, name == "HOME"
                ? "HOME is set from workingDir; set workingDir instead"
                : $"{name} must not reach the agent's environment: the agent can print its environment into a chat. The function wires it where it is needed");
    }

    private static void ValidatePersistence(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var s3 = agent.S3;
        ValidatePaths(agent.Definition.Persistence.Paths, $"{path}.paths", diagnostics);
        ValidatePaths(agent.Definition.Persistence.Exclude, $"{path}.exclude", diagnostics);
        if (!string.IsNullOrEmpty(agent.Definition.Persistence.ExistingClaim) && !Dns1123Subdomain(agent.Definition.Persistence.ExistingClaim))
            diagnostics.Error($"{path}.existingClaim", $"`{agent.Definition.Persistence.ExistingClaim}` is not a valid PersistentVolumeClaim name");
        if (!s3.Enabled && !string.IsNullOrEmpty(agent.Definition.Persistence.ExistingClaim)) return;
        if (!s3.Enabled)
        {
            diagnostics.Warning($"{path}.s3.enabled", "persistence is off: the agent's login is lost whenever its pod restarts or moves");
            return;
        }

        if (string.IsNullOrEmpty(s3.Bucket))
            diagnostics.Error($"{path}.s3.bucket", "is required when s3.enabled is true");
        else if (!BucketName().IsMatch(s3.Bucket) || s3.Bucket.Contains("..", StringComparison.Ordinal))
            diagnostics.Error($"{path}.s3.bucket", $"`{s3.Bucket}` is not a valid bucket name (3-63 lowercase letters, digits, '.' and '-')");
        // Uri ignores surrounding spaces; the AWS CLI would not.
        if (!string.IsNullOrEmpty(s3.Endpoint)
            && !(s3.Endpoint == s3.Endpoint.Trim() && Uri.TryCreate(s3.Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https")
                 && !UrlText.HasCredentialParts(uri) && uri.AbsolutePath == "/"))
        {
            diagnostics.Error($"{path}.s3.endpoint", $"{UrlText.Describe(s3.Endpoint, "the endpoint")} must be an http(s) URL without a path, query, fragment or credentials (keys go in credentialsSecret), e.g. http://minio.minio.svc:9000");
        }
        if (!string.IsNullOrEmpty(s3.Region) && !AwsRegion(s3.Region))
            diagnostics.Error($"{path}.s3.region", $"`{s3.Region}` is not a region name (e.g. eu-west-1)");
        // An endpoint of AWS's own serves its partition's regions only: the CLI would sign for a region it does not serve.
        else if (AwsPartition.DomainOf(s3.Endpoint) is { } domain && AwsPartition.OfRegion(agent.S3Region) is { } partition && partition.Domain != domain)
            diagnostics.Error($"{path}.s3.region", $"{(string.IsNullOrEmpty(s3.Region) ? $"`{agent.S3Region}` (the default with an endpoint)" : $"`{s3.Region}`")} is a region of AWS partition {partition.Name}, " +
                $"whose endpoints are under {partition.Domain}, and {UrlText.Describe(s3.Endpoint, "the endpoint")} is under {domain}: set region to the endpoint's region");
        // An endpoint that names its region serves that region only: requests signed for another are refused.
        else if (AwsPartition.RegionOf(s3.Endpoint) is { } endpointRegion && !string.IsNullOrEmpty(s3.Region) && s3.Region != endpointRegion)
            diagnostics.Error($"{path}.s3.region", $"`{s3.Region}` is not the region of {UrlText.Describe(s3.Endpoint, "the endpoint")} ({endpointRegion}, AWS partition "
                + $"{AwsPartition.OfRegion(endpointRegion).Name}): S3 refuses requests signed for another region; set region to {endpointRegion} or leave it out");
        if (!string.IsNullOrEmpty(s3.CredentialsSecret) && !Dns1123Subdomain(s3.CredentialsSecret))
            diagnostics.Error($"{path}.s3.credentialsSecret", $"`{s3.CredentialsSecret}` is not a valid Secret name");
        if (agent.S3Prefix.Split('/').Any(part => part is "" or "." or "..") || !SafePath().IsMatch(agent.S3Prefix))
            diagnostics.Error($"{path}.s3.prefix", $"`{agent.S3Prefix}` is not a usable key prefix (segments of letters, digits, '.', '_', '-')");
        ValidateImage(agent.AwsCliImage, $"{path}.s3.image", diagnostics);

        if (agent.PersistPaths.Count == 0)
        {
            diagnostics.Error($"{path}.paths", $"`{agent.Command}` is not a CLI the function knows, so it has no default paths: list the files and directories to keep, relative to $HOME");
            return;
        }
        if (agent.Cli is { } cli && agent.Definition.Persistence.Paths is not null)
        {
            foreach (var login in cli.LoginFiles.Where(f => !Covers(agent.PersistPaths, agent.ExcludePaths, f)))
            {
                diagnostics.Warning($"{path}.paths", $"the paths do not keep `{login}`, where {cli.Command} keeps its login: the agent will be logged out on every restart. Add `{login}` (or its directory) to paths");
            }
        }
    }

    /// <summary>Whether a file is kept by paths and not dropped by exclude (a trailing '/' is a directory).</summary>
    public static bool Covers(IReadOnlyList<string> paths, IReadOnlyList<string> exclude, string file)
    {
        static bool Matches(string pattern, string file) =>
            pattern.EndsWith('/') ? file.StartsWith(pattern, StringComparison.Ordinal)
            : file == pattern || file.StartsWith(pattern + "/", StringComparison.Ordinal);
        return paths.Any(p => Matches(p, file)) && !exclude.Any(e => Matches(e, file));
    }

    private static void ValidatePaths(IReadOnlyList<string>? paths, string path, Diagnostics diagnostics)
    {
        if (paths is null) return;
        for (var i = 0; i < paths.Count; i++)
        {
            var p = paths[i];
            var where = $"{path}[{i}]";
            if (string.IsNullOrWhiteSpace(p))
                diagnostics.Error(where, "is empty: list a file or directory relative to $HOME");
            else if (p.StartsWith('/') || p.StartsWith('~'))
                diagnostics.Error(where, $"`{p}` must be relative to $HOME (e.g. .kiro/settings), not absolute");
            else if (p.StartsWith('-'))
                diagnostics.Error(where, $"`{p}` must not start with '-': the backup passes it to the AWS CLI, which would take it for an option");
            else if (p.Split('/').Any(part => part is ".." or "."))
                diagnostics.Error(where, $"`{p}` must not contain '.' or '..' segments: it has to stay inside $HOME");
            else if (!SafePath().IsMatch(p))
                diagnostics.Error(where, "contains characters that are not allowed in a persisted path (allowed: letters, digits, spaces and . _ - @ + = , ~; a trailing / marks a directory)");
        }
    }

    /// <summary>The generated files must land inside the package, next to or below the AgentSet file.</summary>
    private static void ValidateOutputDirectory(string directory, Diagnostics diagnostics)
    {
        const string field = "spec.output.directory";
        if (string.IsNullOrWhiteSpace(directory))
            diagnostics.Error(field, "is empty: give a directory relative to the AgentSet's file, e.g. `agents` (or leave it out for one named after the set)");
        else if (directory.StartsWith('/') || directory.StartsWith('~'))
            diagnostics.Error(field, $"`{directory}` must be relative to the AgentSet's file (kpt writes inside the package only), not absolute");
        else if (directory.TrimEnd('/').Split('/').Any(part => part is ".." or "." or ""))
            diagnostics.Error(field, $"`{directory}` must not contain '.', '..' or empty segments: the files have to stay below the AgentSet's directory");
        else if (!SafePath().IsMatch(directory))
            diagnostics.Error(field, "contains characters that are not allowed in a directory name (allowed: letters, digits, spaces and . _ - @ + = , ~)");
    }

    private static bool Dns1123Subdomain(string name) =>
        name.Length <= 253 && name.Split('.').All(part => part.Length > 0 && Dns1123Label().IsMatch(part));

    private static bool AwsRegion(string region) =>
        region.Length <= 32 && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
