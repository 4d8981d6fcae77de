using System.Text.RegularExpressions;
using AgentSetFn.Api;
using KrmFn;
using k8s.Models;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Api.AgentSetApi;

namespace AgentSetFn.Validation;

/// <summary>
/// Reads an AgentSet resource (a YAML mapping) into <see cref="AgentSetDefinition"/>, checking
/// shape and types: unknown fields, wrong types, out-of-range counts. Every problem is reported,
/// not only the first. Meaning-level checks (names, secrets, paths) live in AgentSetValidator.
/// </summary>
internal static partial class AgentSetReader
{

    [GeneratedRegex(@"\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?\z")]
    private static partial Regex QuantityPattern();

    /// <summary>How results point at an AgentSet.</summary>
    public static ResourceRef Reference(string name, string? ns) =>
        new(ApiVersion, Kind, name, string.IsNullOrEmpty(ns) ? null : ns);

    /// <summary>
    /// Reads the resource; the definition is null when it is unusable (errors say why). Fields
    /// with errors read as their defaults, so check the diagnostics before rendering.
    /// </summary>
    public static (AgentSetDefinition? Definition, Diagnostics Diagnostics) Read(YamlMappingNode resource, SourceLocation source)
    {
        var metadata = resource.Children.TryGetValue("metadata", out var m) ? m as YamlMappingNode : null;
        var name = metadata is null ? null : ResourceListIo.ScalarValue(metadata, "name");
        var ns = metadata is null ? null : ResourceListIo.ScalarValue(metadata, "namespace");
        var diagnostics = new Diagnostics(source, Reference(name ?? "", ns));
        var root = new MappingReader(resource, "", diagnostics);

        var apiVersion = ResourceListIo.ScalarValue(resource, "apiVersion");
        var kind = ResourceListIo.ScalarValue(resource, "kind");
        if (kind != Kind || apiVersion != ApiVersion)
        {
            diagnostics.Error(kind != Kind ? "kind" : "apiVersion",
                $"expected apiVersion: {ApiVersion} and kind: {Kind}, got apiVersion: {apiVersion ?? "(missing)"} and kind: {kind ?? "(missing)"}");
            return (null, diagnostics);
        }
        if (string.IsNullOrEmpty(name))
        {
            diagnostics.Error("metadata.name", "is required: it prefixes the name of every generated object");
        }
        // metadata's other fields (labels, annotations, kpt's own) are not the function's to
        // restrict, but a key with a control character is no field at all: `namespace\n` would
        // drop the namespace without a word.
        foreach (var key in metadata?.Children.Keys ?? [])
        {
            var field = (key as YamlScalarNode)?.Value ?? "";
            if (ControlCharacters.InIdentifier(field) is { } problem) diagnostics.Error($"metadata.{field}", problem);
        }

        root.RejectUnknownFields(Root.Object);
        var spec = ReadMapping(root, Spec.Object.Name, required: true);
        if (spec is null || string.IsNullOrEmpty(name)) return (null, diagnostics);
        spec.RejectUnknownFields(Spec.Object);
        var outputDirectory = spec.Object(Spec.Output)?.String(Spec.Directory);
        var allowHostPath = spec.Object(Spec.Policy)?.Bool(Spec.AllowHostPath) ?? Spec.AllowHostPath.DefaultValue;
        var defaults = spec.Object(Spec.Defaults);

        var agents = ReadAgents(spec, defaults);
        // Returned even when some fields had errors, so that validation can report the rest of
        // the problems in the same run; rendering never runs when any error exists.
        if (agents.Count == 0) return (null, diagnostics);
        return (new AgentSetDefinition(name, string.IsNullOrEmpty(ns) ? null : ns, agents, source, outputDirectory, allowHostPath), diagnostics);
    }

    /// <summary>spec.agents, each agent with spec.defaults merged under it.</summary>
    private static List<AgentDefinition> ReadAgents(MappingReader spec, MappingReader? defaults)
    {
        var agentsPath = spec.FieldPath(Spec.Agents.Name);
        var agentsNode = spec.Raw(Spec.Agents.Name);
        if (agentsNode is not YamlMappingNode agentsMap || agentsMap.Children.Count == 0)
        {
            spec.Diagnostics.Error(agentsPath, agentsNode is null or YamlMappingNode
                ? "must list at least one agent, e.g. `agents: {kiro: {command: kiro-cli, discord: {...}}}`"
                : $"must be a mapping of agent name to agent settings, got {MappingReader.Describe(agentsNode)}");
            return [];
        }
        var agents = new List<AgentDefinition>();
        foreach (var (keyNode, value) in agentsMap.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = $"{agentsPath}.{key}";
            // Checked here, for a disabled agent too; the name's syntax is checked when it is used.
            if (ControlCharacters.InIdentifier(key) is { } problem) spec.Diagnostics.Error(path, problem);
            if (value is not YamlMappingNode agentNode)
            {
                spec.Diagnostics.Error(path, $"must be a mapping of agent settings, got {MappingReader.Describe(value)}");
                continue;
            }
            var merged = defaults is null ? agentNode : MergeUnder(defaults.Node, agentNode, topLevel: true);
            agents.Add(ReadAgent(key, new MappingReader(merged, path, spec.Diagnostics)));
        }
        return agents;
    }

    /// <summary>
    /// spec.defaults under one agent: mappings merge key by key (the agent's value wins), lists
    /// and scalars replace. Unknown fields of the defaults are reported once, on spec.defaults,
    /// and left out. The result shares nodes with both inputs; nothing is modified.
    /// </summary>
    internal static YamlMappingNode MergeUnder(YamlMappingNode defaults, YamlMappingNode agent, bool topLevel = false)
    {
        var merged = new YamlMappingNode();
        foreach (var (key, value) in defaults.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (topLevel && !Agent.Object.Names.Contains(name, StringComparer.Ordinal)) continue;
            if (agent.Children.TryGetValue(key, out var own))
            {
                merged.Children[key] = value is YamlMappingNode d && own is YamlMappingNode a ? MergeUnder(d, a) : own;
            }
            else
            {
                merged.Children[key] = value;
            }
        }
        foreach (var (key, value) in agent.Children)
        {
            if (!merged.Children.ContainsKey(key)) merged.Children[key] = value;
        }
        return merged;
    }

    private static MappingReader? ReadMapping(MappingReader parent, string key, bool required)
    {
        var mapping = parent.Mapping(key);
        if (mapping is null && required && parent.Raw(key) is null)
            parent.Diagnostics.Error(parent.FieldPath(key), "is required");
        return mapping;
    }

    private static AgentDefinition ReadAgent(string key, MappingReader agent)
    {
        agent.RejectUnknownFields(Agent.Object);
        var pool = ReadPool(agent.Object(Pool.Object));
        var reactions = ReadReactions(agent.Object(Reactions.Object));
        return new AgentDefinition
        {
            Key = key,
            Image = ReadImage(agent, Agent.Image),
            Command = agent.String(Agent.Command),
            Args = agent.StringList(Agent.Args),
            Discord = ReadDiscord(agent.Object(AgentSetApi.Discord.Object)),
            InheritEnv = agent.StringList(Agent.InheritEnv) ?? [],
            Slack = ReadSlack(agent.Object(AgentSetApi.Slack.Object)),
            Line = ReadLineAdapter(agent.Object(AgentSetApi.Line.Object)),
            Gateway = ReadGateway(agent.Object(AgentSetApi.Gateway.Object)),
            WorkingDir = agent.String(Agent.WorkingDir),
            Env = agent.StringMap(Agent.Env) ?? [],
            SecretEnv = ReadSecretEnv(agent),
            EnvFrom = ReadKubernetes(agent, Agent.EnvFrom, KubernetesJsonContext.Default.ListV1EnvFromSource) ?? [],
            Pool = pool,
            Reactions = reactions,
            Markdown = ReadMarkdown(agent.Object(AgentSetApi.Markdown.Object)),
            Stt = ReadStt(agent.Object(AgentSetApi.Stt.Object)),
            AgentsMd = agent.String(Agent.AgentsMd),
            Persistence = ReadPersistence(agent.Object(AgentSetApi.Persistence.Object)),
            Resources = ReadResources(agent.Mapping(AgentSetApi.Resources.Object.Name)),
            NodeSelector = agent.StringMap(Agent.NodeSelector) ?? [],
            Tolerations = ReadKubernetes(agent, Agent.Tolerations, KubernetesJsonContext.Default.ListV1Toleration) ?? [],
            Affinity = ReadKubernetes(agent, Agent.Affinity, KubernetesJsonContext.Default.V1Affinity),
            Enabled = agent.BoolOrDefault(Agent.Enabled),
            NameOverride = agent.String(Agent.NameOverride),
            Workspace = ReadWorkspace(agent.Object(AgentSetApi.Workspace.Object)),
            Setup = ReadSetup(agent),
            Volumes = ReadVolumes(agent),
            ExtraInitContainers = ReadKubernetes(agent, Agent.ExtraInitContainers, KubernetesJsonContext.Default.ListV1Container) ?? [],
            ExtraContainers = ReadKubernetes(agent, Agent.ExtraContainers, KubernetesJsonContext.Default.ListV1Container) ?? [],
            ExtraVolumes = ReadKubernetes(agent, Agent.ExtraVolumes, KubernetesJsonContext.Default.ListV1Volume) ?? [],
            ExtraVolumeMounts = ReadKubernetes(agent, Agent.ExtraVolumeMounts, KubernetesJsonContext.Default.ListV1VolumeMount) ?? [],
            PodSecurityContext = ReadKubernetes(agent, Agent.PodSecurityContext, KubernetesJsonContext.Default.V1PodSecurityContext),
            ContainerSecurityContext = ReadKubernetes(agent, Agent.ContainerSecurityContext, KubernetesJsonContext.Default.V1SecurityContext),
            ImagePullSecrets = ReadKubernetes(agent, Agent.ImagePullSecrets, KubernetesJsonContext.Default.ListV1LocalObjectReference) ?? [],
            ServiceAccountName = agent.String(Agent.ServiceAccountName),
            PodAnnotations = agent.StringMap(Agent.PodAnnotations) ?? [],
            PodLabels = agent.StringMap(Agent.PodLabels) ?? [],
            PriorityClassName = agent.String(Agent.PriorityClassName),
            NetworkPolicy = ReadNetworkPolicy(agent.Object(AgentSetApi.NetworkPolicy.Object)),
            LivenessProbe = ReadLivenessProbe(agent),
            Cronjobs = ReadCronjobs(agent),
            TerminationGracePeriodSeconds = agent.Int(Agent.TerminationGracePeriodSeconds),
            ConfigToml = agent.String(Agent.ConfigToml),
            Cron = ReadCron(agent.Object(AgentSetApi.Cron.Object)),
            ConfigUrl = NullIfEmpty(agent.String(Agent.ConfigUrl)),
            Hooks = ReadHooks(agent.Object(AgentSetApi.Hooks.Object)),
        };
    }

    private static PoolSettings ReadPool(MappingReader? pool) => pool is null ? new PoolSettings()
        : new PoolSettings(pool.IntOrDefault(Pool.MaxSessions), pool.IntOrDefault(Pool.SessionTtlHours));

    private static ReactionSettings ReadReactions(MappingReader? reactions) => reactions is null ? new ReactionSettings()
        : new ReactionSettings(reactions.BoolOrDefault(Reactions.Enabled), reactions.BoolOrDefault(Reactions.RemoveAfterReply),
            reactions.OneOf(Reactions.ToolDisplay))
        {
            Emojis = ReadEmojis(reactions.Object(Reactions.Emojis.Object)),
            Timing = ReadTiming(reactions.Object(Reactions.Timing.Object)),
        };

    private static ReactionEmojis ReadEmojis(MappingReader? emojis) => emojis is null ? new ReactionEmojis()
        : new ReactionEmojis(emojis.String(Reactions.Emojis.Queued), emojis.String(Reactions.Emojis.Thinking), emojis.String(Reactions.Emojis.Tool),
            emojis.String(Reactions.Emojis.Coding), emojis.String(Reactions.Emojis.Web), emojis.String(Reactions.Emojis.Done), emojis.String(Reactions.Emojis.Error));

    private static ReactionTiming ReadTiming(MappingReader? timing) => timing is null ? new ReactionTiming()
        : new ReactionTiming(timing.Int(Reactions.Timing.DebounceMs), timing.Int(Reactions.Timing.StallSoftMs), timing.Int(Reactions.Timing.StallHardMs),
            timing.Int(Reactions.Timing.DoneHoldMs), timing.Int(Reactions.Timing.ErrorHoldMs));

    private static SttSettings ReadStt(MappingReader? stt) => stt is null ? new SttSettings()
        : new SttSettings(stt.BoolOrDefault(AgentSetApi.Stt.Enabled), ReadSecret(stt, AgentSetApi.Stt.ApiKey),
            stt.String(AgentSetApi.Stt.Model) ?? AgentSetApi.Stt.DefaultModel, stt.String(AgentSetApi.Stt.BaseUrl) ?? AgentSetApi.Stt.DefaultBaseUrl,
            stt.BoolOrDefault(AgentSetApi.Stt.EchoTranscript));

    private static LineAdapterSettings ReadLineAdapter(MappingReader? line) => line is null ? new LineAdapterSettings()
        : new LineAdapterSettings(line.BoolOrDefault(AgentSetApi.Line.Enabled), ReadSecret(line, AgentSetApi.Line.ChannelAccessToken),
            ReadSecret(line, AgentSetApi.Line.ChannelSecret), line.IntOrDefault(AgentSetApi.Line.WebhookPort), line.OneOf(AgentSetApi.Line.ServiceType) ?? AgentSetApi.Line.ServiceType.DefaultValue)
        {
            AllowedUsers = line.StringList(AgentSetApi.Line.AllowedUsers) ?? [],
            AllowedGroups = line.StringList(AgentSetApi.Line.AllowedGroups) ?? [],
            AllowAllUsers = line.Bool(AgentSetApi.Line.AllowAllUsers),
            AllowAllGroups = line.Bool(AgentSetApi.Line.AllowAllGroups),
        };

    private static MarkdownSettings ReadMarkdown(MappingReader? markdown) => markdown is null ? new MarkdownSettings()
        : new MarkdownSettings(markdown.OneOf(AgentSetApi.Markdown.Tables));

    private static WorkspaceSettings? ReadWorkspace(MappingReader? workspace)
    {
        if (workspace is null) return null;
        SecretKeyReference? reference = null;
        if (workspace.Object(Workspace.SecretRef) is { } secretRef)
        {
            reference = new SecretKeyReference(secretRef.String(Workspace.SecretName),
                secretRef.String(Workspace.SecretKey) is { Length: > 0 } k ? k : Workspace.SecretKey.DefaultValue);
        }
        var repo = workspace.String(Workspace.Repo);
        if (string.IsNullOrEmpty(repo))
        {
            workspace.Diagnostics.Error(workspace.FieldPath(Workspace.Repo.Name), "is required: the https URL of the repository to clone");
            return null;
        }
        return new WorkspaceSettings(repo, workspace.String(Workspace.Ref), reference);
    }

    private static List<SetupStep> ReadSetup(MappingReader agent)
    {
        var result = new List<SetupStep>();
        foreach (var reader in agent.Entries(Agent.Setup, "{name, image, command, env}"))
        {
            var name = reader.String(AgentSetApi.Setup.Name);
            var image = reader.String(AgentSetApi.Setup.Image);
            var command = reader.StringList(AgentSetApi.Setup.Command);
            if (string.IsNullOrEmpty(name)) agent.Diagnostics.Error(reader.FieldPath("name"), "is required");
            if (string.IsNullOrEmpty(image)) agent.Diagnostics.Error(reader.FieldPath("image"), "is required: a pinned image, e.g. node:22.12-alpine");
            if (command is not { Count: > 0 }) agent.Diagnostics.Error(reader.FieldPath("command"), "is required: the command to run, e.g. [npm, ci]");
            var env = reader.StringMap(AgentSetApi.Setup.Env) ?? [];
            if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(image) && command is { Count: > 0 })
                result.Add(new SetupStep(name, image, command, env));
        }
        return result;
    }

    private static List<AgentVolume> ReadVolumes(MappingReader agent)
    {
        var result = new List<AgentVolume>();
        foreach (var reader in agent.Entries(Agent.Volumes, "{name, mountPath, readOnly, source}"))
        {
            var name = reader.String(Volume.Name);
            var mountPath = reader.String(Volume.MountPath);
            var readOnly = reader.BoolOrDefault(Volume.ReadOnly);
            if (string.IsNullOrEmpty(name)) agent.Diagnostics.Error(reader.FieldPath("name"), "is required");
            if (string.IsNullOrEmpty(mountPath)) agent.Diagnostics.Error(reader.FieldPath("mountPath"), "is required: an absolute path in the containers");
            if (reader.Raw("source") is null)
            {
                agent.Diagnostics.Error(reader.FieldPath("source"), "is required: one of persistentVolumeClaim, configMap, secret, emptyDir, csi, ephemeral");
                continue;
            }
            var source = ReadKubernetes(reader, Volume.Source, KubernetesJsonContext.Default.V1Volume, name: name);
            if (source is not null && !string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(mountPath))
                result.Add(new AgentVolume(name, mountPath, readOnly, source));
        }
        return result;
    }

    private static ImageReference? ReadImage(MappingReader parent, ObjectField field)
    {
        if (parent.Object(field) is not { } image) return null;
        return new ImageReference(image.String(Image.Repository), image.String(Image.Tag));
    }

    /// <summary>
    /// `discord`: on when the mapping is there, unless `enabled: false` (the chart's
    /// discord.enabled, default true), so a Slack-only agent can turn off a Discord default.
    /// </summary>
    private static DiscordSettings ReadDiscord(MappingReader? discord)
    {
        if (discord is null) return new DiscordSettings();
        return ReadChat(discord, AgentSetApi.Discord.Chat, new DiscordSettings
        {
            Enabled = discord.BoolOrDefault(AgentSetApi.Discord.Chat.Enabled),
            BotTokenExternalSecret = ReadTokenExternalSecret(discord.Object(AgentSetApi.Discord.TokenExternalSecret)),
            AllowedRoleIds = discord.StringList(AgentSetApi.Discord.AllowedRoleIds) ?? [],
            AllowDm = discord.Bool(AgentSetApi.Discord.AllowDm),
        });
    }

    /// <summary>`slack`: on only with `enabled: true`, as in the chart (slack.enabled, default false).</summary>
    private static SlackSettings ReadSlack(MappingReader? slack)
    {
        if (slack is null) return new SlackSettings();
        return ReadChat(slack, AgentSetApi.Slack.Chat, new SlackSettings
        {
            Enabled = slack.BoolOrDefault(AgentSetApi.Slack.Chat.Enabled),
            AppToken = slack.String(AgentSetApi.Slack.AppToken),
            AppTokenSecretRef = ReadSecretKeyReference(slack, AgentSetApi.Slack.AppTokenSecretRef),
            AssistantMode = slack.Bool(AgentSetApi.Slack.AssistantMode),
        });
    }

    private static T ReadChat<T>(MappingReader chat, ChatFields fields, T settings) where T : ChatSettings => (T)(settings with
    {
        BotToken = chat.String(fields.BotToken),
        BotTokenSecretRef = ReadSecretKeyReference(chat, fields.BotTokenSecretRef),
        AllowedChannels = chat.StringList(fields.AllowedChannels) ?? [],
        AllowedUsers = chat.StringList(fields.AllowedUsers) ?? [],
        AllowAllChannels = chat.Bool(ChatFields.AllowAllChannels),
        AllowAllUsers = chat.Bool(ChatFields.AllowAllUsers),
        AllowBotMessages = chat.OneOf(ChatFields.AllowBotMessages),
        TrustedBotIds = chat.StringList(fields.TrustedBotIds) ?? [],
        AllowUserMessages = chat.OneOf(ChatFields.AllowUserMessages),
        MaxBotTurns = chat.Int(ChatFields.MaxBotTurns),
        MessageProcessingMode = chat.OneOf(ChatFields.MessageProcessingMode),
        MaxBufferedMessages = chat.Int(ChatFields.MaxBufferedMessages),
        MaxBatchTokens = chat.Int(ChatFields.MaxBatchTokens),
    });

    private static SecretKeyReference? ReadSecretKeyReference(MappingReader parent, ObjectField field)
    {
        if (parent.Object(field) is not { } secretRef) return null;
        return new SecretKeyReference(secretRef.String(SecretKeyRef.Name), secretRef.String(SecretKeyRef.Key));
    }

    private static List<SecretEnvVar> ReadSecretEnv(MappingReader agent)
    {
        var result = new List<SecretEnvVar>();
        foreach (var reader in agent.Entries(Agent.SecretEnv, "{name, secretName, secretKey}"))
        {
            var name = reader.String(SecretEnv.Name);
            var secretName = reader.String(SecretEnv.SecretName);
            var secretKey = reader.String(SecretEnv.SecretKey);
            foreach (var (field, value) in new[] { (SecretEnv.Name, name), (SecretEnv.SecretName, secretName), (SecretEnv.SecretKey, secretKey) })
            {
                if (string.IsNullOrEmpty(value)) agent.Diagnostics.Error(reader.FieldPath(field.Name), "is required");
            }
            if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(secretName) && !string.IsNullOrEmpty(secretKey))
                result.Add(new SecretEnvVar(name, secretName, secretKey));
        }
        return result;
    }

    private static PersistenceSettings ReadPersistence(MappingReader? persistence)
    {
        if (persistence is null) return new PersistenceSettings();
        return new PersistenceSettings
        {
            S3 = ReadS3(persistence.Object(S3.Object)),
            Paths = persistence.StringList(Persistence.Paths) is { Count: > 0 } paths ? paths : null,
            Exclude = persistence.StringList(Persistence.Exclude) is { Count: > 0 } exclude ? exclude : null,
            ExistingClaim = persistence.String(Persistence.ExistingClaim) is { Length: > 0 } claim ? claim : null,
        };
    }

    private static S3Settings ReadS3(MappingReader? s)
    {
        if (s is null) return new S3Settings();
        var backup = s.String(S3.Backup.Name);
        // Empty is the default, as unset.
        var mode = string.IsNullOrEmpty(backup) ? S3.ModeOf(S3.Backup.DefaultValue) : S3.ModeOf(backup);
        if (mode is null)
        {
            var allowed = S3.Backup.Values.Select(v => v == S3.Backup.Default ? $"`{v}` (default)" : $"`{v}`");
            s.Diagnostics.Error(s.FieldPath(S3.Backup.Name), $"must be {string.Join(" or ", allowed)}, got `{backup}`");
        }
        return new S3Settings
        {
            Enabled = s.BoolOrDefault(S3.Enabled),
            Bucket = s.String(S3.Bucket) ?? "",
            Prefix = s.String(S3.Prefix) ?? "",
            CredentialsSecret = s.String(S3.CredentialsSecret) ?? "",
            Endpoint = s.String(S3.Endpoint) ?? "",
            Region = s.String(S3.Region) ?? "",
            SyncIntervalSeconds = s.IntOrDefault(S3.SyncIntervalSeconds),
            Backup = mode ?? S3.ModeOf(S3.Backup.DefaultValue)!.Value,
            Image = ReadImage(s, S3.Image),
            CredentialsExternalSecret = ReadS3ExternalSecret(s.Object(S3.CredentialsExternalSecret)),
            ServiceAccount = ReadS3ServiceAccount(s.Object(S3.ServiceAccount)),
        };
    }

    private static S3ServiceAccountSettings? ReadS3ServiceAccount(MappingReader? account)
    {
        if (account is null) return null;
        var identity = account.OneOf(S3ServiceAccount.Identity);
        if (account.Raw(S3ServiceAccount.Identity.Name) is null)
            account.Diagnostics.Error(account.FieldPath(S3ServiceAccount.Identity.Name), "is required: `irsa` or `podIdentity`");
        return new S3ServiceAccountSettings(
            S3ServiceAccount.ModeOf(identity),
            account.String(S3ServiceAccount.RoleArn) is { Length: > 0 } arn ? arn : null,
            account.BoolOrDefault(S3ServiceAccount.Create),
            account.String(S3ServiceAccount.Name) is { Length: > 0 } name ? name : null,
            account.StringMap(S3ServiceAccount.Annotations) ?? []);
    }

    private static V1ResourceRequirements? ReadResources(MappingReader? resources)
    {
        if (resources is null || resources.Node.Children.Count == 0) return null;
        resources.RejectUnknownFields(AgentSetApi.Resources.Object);
        Dictionary<string, ResourceQuantity>? Quantities(MapField field)
        {
            var map = resources.StringMap(field);
            if (map is null) return null;
            var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
            foreach (var (name, text) in map)
            {
                if (!QuantityPattern().IsMatch(text))
                {
                    resources.Diagnostics.Error($"{resources.FieldPath(field.Name)}.{name}",
                        $"`{text}` is not a Kubernetes quantity (e.g. 500m, 1, 512Mi, 2Gi)");
                    continue;
                }
                result[name] = new ResourceQuantity(text);
            }
            return result;
        }
        return new V1ResourceRequirements
        {
            Limits = Quantities(AgentSetApi.Resources.Limits),
            Requests = Quantities(AgentSetApi.Resources.Requests),
        };
    }

    /// <summary>A field with a Kubernetes type, read through the models so its shape is checked.</summary>
    private static T? ReadKubernetes<T>(MappingReader agent, KubernetesField field, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        string? name = null)
        where T : class => ReadKubernetes(agent, field.Name, field.Shape, typeInfo, name);

    /// <summary>The value at <paramref name="key"/>, read as a Kubernetes <paramref name="shape"/>.</summary>
    private static T? ReadKubernetes<T>(MappingReader agent, string key, string shape, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        string? name = null)
        where T : class
    {
        var node = agent.Raw(key);
        if (node is null) return null;
        System.Text.Json.Nodes.JsonNode? json;
        try
        {
            json = YamlJson.ToJson(node);
        }
        catch (FormatException e)
        {
            agent.Diagnostics.Error(agent.FieldPath(key), $"cannot be read: {e.Message}");
            return null;
        }
        CheckControlCharacters(json, agent.FieldPath(key), agent.Diagnostics);
        // A volume source is a V1Volume without its name: the name comes from the entry.
        if (name is not null && json is System.Text.Json.Nodes.JsonObject obj)
        {
            if (obj.ContainsKey("name"))
            {
                agent.Diagnostics.Error($"{agent.FieldPath(key)}.name", "belongs on the volume entry, not inside source");
                return null;
            }
            obj["name"] = name;
        }
        var value = KubernetesJson.TryRead(json, typeInfo, out var problem);
        if (problem is not null)
            agent.Diagnostics.Error(agent.FieldPath(key), $"is not a valid Kubernetes {shape}: {problem}");
        return value;
    }

    /// <summary>
    /// The control-character rule inside a field with a Kubernetes type: a command, its
    /// arguments and the values of its environment are free text; names, keys, paths, images
    /// and every other string are identifiers.
    /// </summary>
    private static void CheckControlCharacters(System.Text.Json.Nodes.JsonNode? node, string path, Diagnostics diagnostics,
        string? property = null, string? elementOf = null, string? objectElementOf = null)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var child = $"{path}.{name}";
                    if (ControlCharacters.InIdentifier(name) is { } keyProblem) diagnostics.Error(child, keyProblem);
                    CheckControlCharacters(value, child, diagnostics, property: name, objectElementOf: elementOf);
                }
                break;
            case System.Text.Json.Nodes.JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    CheckControlCharacters(array[i], $"{path}[{i}]", diagnostics, elementOf: property);
                break;
            case System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text):
                var isText = elementOf is "command" or "args" || (property == "value" && objectElementOf == "env");
                if ((isText ? ControlCharacters.InText(text) : ControlCharacters.InIdentifier(text)) is { } problem)
                    diagnostics.Error(path, problem);
                break;
        }
    }
}
