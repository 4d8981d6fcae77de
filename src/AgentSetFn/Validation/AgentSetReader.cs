using System.Text.RegularExpressions;
using AgentSetFn.Api;
using KrmFn;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Validation;

/// <summary>
/// Reads an AgentSet resource (a YAML mapping) into <see cref="AgentSetDefinition"/>, checking
/// shape and types: unknown fields, wrong types, out-of-range counts. Every problem is reported,
/// not only the first. Meaning-level checks (names, secrets, paths) live in AgentSetValidator.
/// </summary>
internal static partial class AgentSetReader
{
    public const string ApiVersion = "agentset.dev/v1alpha1";
    public const string Kind = "AgentSet";

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

        root.RejectUnknownFields("apiVersion", "kind", "metadata", "spec");
        var spec = ReadMapping(root, "spec", required: true);
        if (spec is null || string.IsNullOrEmpty(name)) return (null, diagnostics);
        spec.RejectUnknownFields("agents", "defaults", "output", "policy");
        string? outputDirectory = null;
        if (spec.Mapping("output") is { } output)
        {
            output.RejectUnknownFields("directory");
            outputDirectory = output.String("directory");
        }
        var allowHostPath = false;
        if (spec.Mapping("policy") is { } policy)
        {
            policy.RejectUnknownFields("allowHostPath");
            allowHostPath = policy.Bool("allowHostPath") ?? false;
        }
        var defaults = spec.Mapping("defaults");
        defaults?.RejectUnknownFields(AgentFields);

        var agentsNode = spec.Raw("agents");
        var agents = new List<AgentDefinition>();
        if (agentsNode is not YamlMappingNode agentsMap || agentsMap.Children.Count == 0)
        {
            diagnostics.Error("spec.agents", agentsNode is null or YamlMappingNode
                ? "must list at least one agent, e.g. `agents: {kiro: {command: kiro-cli, discord: {...}}}`"
                : $"must be a mapping of agent name to agent settings, got {MappingReader.Describe(agentsNode)}");
        }
        else
        {
            foreach (var (keyNode, value) in agentsMap.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var path = $"spec.agents.{key}";
                // Checked here, for a disabled agent too; the name's syntax is checked when it is used.
                if (ControlCharacters.InIdentifier(key) is { } problem) diagnostics.Error(path, problem);
                if (value is not YamlMappingNode agentNode)
                {
                    diagnostics.Error(path, $"must be a mapping of agent settings, got {MappingReader.Describe(value)}");
                    continue;
                }
                var merged = defaults is null ? agentNode : MergeUnder(defaults.Node, agentNode, topLevel: true);
                agents.Add(ReadAgent(key, new MappingReader(merged, path, diagnostics)));
            }
        }

        // Returned even when some fields had errors, so that validation can report the rest of
        // the problems in the same run; rendering never runs when any error exists.
        if (agents.Count == 0) return (null, diagnostics);
        return (new AgentSetDefinition(name, string.IsNullOrEmpty(ns) ? null : ns, agents, source, outputDirectory, allowHostPath), diagnostics);
    }

    /// <summary>Every field of an agent (and of spec.defaults).</summary>
    internal static readonly string[] AgentFields =
    [
        "image", "command", "args", "discord", "inheritEnv", "slack", "workingDir", "env", "secretEnv", "envFrom",
        "pool", "reactions", "agentsMd", "persistence", "resources", "nodeSelector", "tolerations", "affinity",
        "enabled", "nameOverride", "workspace", "setup", "volumes",
        "extraInitContainers", "extraContainers", "extraVolumes", "extraVolumeMounts",
        "podSecurityContext", "containerSecurityContext", "imagePullSecrets", "serviceAccountName",
        "podAnnotations", "podLabels", "priorityClassName",
        "networkPolicy", "livenessProbe", "cronjobs", "terminationGracePeriodSeconds",
    ];

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
            if (topLevel && !AgentFields.Contains(name, StringComparer.Ordinal)) continue;
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
        agent.RejectUnknownFields(AgentFields);

        var pool = new PoolSettings();
        if (agent.Mapping("pool") is { } p)
        {
            p.RejectUnknownFields("maxSessions", "sessionTtlHours");
            pool = new PoolSettings(
                p.Int("maxSessions", 1, 1000) ?? pool.MaxSessions,
                p.Int("sessionTtlHours", 1, 24 * 365) ?? pool.SessionTtlHours);
        }

        var reactions = new ReactionSettings();
        if (agent.Mapping("reactions") is { } r)
        {
            r.RejectUnknownFields("enabled", "removeAfterReply", "toolDisplay");
            reactions = new ReactionSettings(r.Bool("enabled") ?? true, r.Bool("removeAfterReply") ?? false,
                r.OneOf("toolDisplay", OpenabOptions.ToolDisplay));
        }

        return new AgentDefinition
        {
            Key = key,
            Image = ReadImage(agent),
            Command = agent.String("command"),
            Args = agent.TextList("args"),
            Discord = ReadDiscord(agent.Mapping("discord")),
            InheritEnv = agent.StringList("inheritEnv") ?? [],
            Slack = ReadSlack(agent.Mapping("slack")),
            WorkingDir = agent.String("workingDir"),
            Env = agent.StringMap("env", textValues: true) ?? [],
            SecretEnv = ReadSecretEnv(agent),
            EnvFrom = ReadKubernetes(agent, "envFrom", "list of envFrom sources", KubernetesJsonContext.Default.ListV1EnvFromSource) ?? [],
            Pool = pool,
            Reactions = reactions,
            AgentsMd = agent.Text("agentsMd"),
            Persistence = ReadPersistence(agent.Mapping("persistence")),
            Resources = ReadResources(agent.Mapping("resources")),
            NodeSelector = agent.StringMap("nodeSelector") ?? [],
            Tolerations = ReadKubernetes(agent, "tolerations", "list of tolerations", KubernetesJsonContext.Default.ListV1Toleration) ?? [],
            Affinity = ReadKubernetes(agent, "affinity", "affinity", KubernetesJsonContext.Default.V1Affinity),
            Enabled = agent.Bool("enabled") ?? true,
            NameOverride = agent.String("nameOverride"),
            Workspace = ReadWorkspace(agent.Mapping("workspace")),
            Setup = ReadSetup(agent),
            Volumes = ReadVolumes(agent),
            ExtraInitContainers = ReadKubernetes(agent, "extraInitContainers", "list of containers", KubernetesJsonContext.Default.ListV1Container) ?? [],
            ExtraContainers = ReadKubernetes(agent, "extraContainers", "list of containers", KubernetesJsonContext.Default.ListV1Container) ?? [],
            ExtraVolumes = ReadKubernetes(agent, "extraVolumes", "list of volumes", KubernetesJsonContext.Default.ListV1Volume) ?? [],
            ExtraVolumeMounts = ReadKubernetes(agent, "extraVolumeMounts", "list of volume mounts", KubernetesJsonContext.Default.ListV1VolumeMount) ?? [],
            PodSecurityContext = ReadKubernetes(agent, "podSecurityContext", "pod security context", KubernetesJsonContext.Default.V1PodSecurityContext),
            ContainerSecurityContext = ReadKubernetes(agent, "containerSecurityContext", "container security context", KubernetesJsonContext.Default.V1SecurityContext),
            ImagePullSecrets = ReadKubernetes(agent, "imagePullSecrets", "list of image pull secrets ({name: ...})", KubernetesJsonContext.Default.ListV1LocalObjectReference) ?? [],
            ServiceAccountName = agent.String("serviceAccountName"),
            PodAnnotations = agent.StringMap("podAnnotations", textValues: true) ?? [],
            PodLabels = agent.StringMap("podLabels") ?? [],
            PriorityClassName = agent.String("priorityClassName"),
            NetworkPolicy = ReadNetworkPolicy(agent.Mapping("networkPolicy")),
            LivenessProbe = ReadLivenessProbe(agent),
            Cronjobs = ReadCronjobs(agent),
            TerminationGracePeriodSeconds = agent.Int("terminationGracePeriodSeconds", 0, 86_400),
        };
    }

    private static WorkspaceSettings? ReadWorkspace(MappingReader? workspace)
    {
        if (workspace is null) return null;
        workspace.RejectUnknownFields("repo", "ref", "secretRef");
        SecretKeyReference? reference = null;
        if (workspace.Mapping("secretRef") is { } secretRef)
        {
            secretRef.RejectUnknownFields("name", "key");
            reference = new SecretKeyReference(secretRef.String("name"), secretRef.String("key") is { Length: > 0 } k ? k : "GITHUB_TOKEN");
        }
        var repo = workspace.String("repo");
        if (string.IsNullOrEmpty(repo))
        {
            workspace.Diagnostics.Error(workspace.FieldPath("repo"), "is required: the https URL of the repository to clone");
            return null;
        }
        return new WorkspaceSettings(repo, workspace.String("ref"), reference);
    }

    private static List<SetupStep> ReadSetup(MappingReader agent)
    {
        var result = new List<SetupStep>();
        foreach (var reader in agent.Entries("setup", "{name, image, command, env}"))
        {
            reader.RejectUnknownFields("name", "image", "command", "env");
            var name = reader.String("name");
            var image = reader.String("image");
            var command = reader.TextList("command");
            if (string.IsNullOrEmpty(name)) agent.Diagnostics.Error(reader.FieldPath("name"), "is required");
            if (string.IsNullOrEmpty(image)) agent.Diagnostics.Error(reader.FieldPath("image"), "is required: a pinned image, e.g. node:22.12-alpine");
            if (command is not { Count: > 0 }) agent.Diagnostics.Error(reader.FieldPath("command"), "is required: the command to run, e.g. [npm, ci]");
            var env = reader.StringMap("env", textValues: true) ?? [];
            if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(image) && command is { Count: > 0 })
                result.Add(new SetupStep(name, image, command, env));
        }
        return result;
    }

    private static List<AgentVolume> ReadVolumes(MappingReader agent)
    {
        var result = new List<AgentVolume>();
        foreach (var reader in agent.Entries("volumes", "{name, mountPath, readOnly, source}"))
        {
            reader.RejectUnknownFields("name", "mountPath", "readOnly", "source");
            var name = reader.String("name");
            var mountPath = reader.String("mountPath");
            var readOnly = reader.Bool("readOnly") ?? false;
            if (string.IsNullOrEmpty(name)) agent.Diagnostics.Error(reader.FieldPath("name"), "is required");
            if (string.IsNullOrEmpty(mountPath)) agent.Diagnostics.Error(reader.FieldPath("mountPath"), "is required: an absolute path in the containers");
            if (reader.Raw("source") is null)
            {
                agent.Diagnostics.Error(reader.FieldPath("source"), "is required: one of persistentVolumeClaim, configMap, secret, emptyDir, csi, ephemeral");
                continue;
            }
            var source = ReadKubernetes(reader, "source", "volume source", KubernetesJsonContext.Default.V1Volume, name: name);
            if (source is not null && !string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(mountPath))
                result.Add(new AgentVolume(name, mountPath, readOnly, source));
        }
        return result;
    }

    private static ImageReference? ReadImage(MappingReader parent)
    {
        if (parent.Mapping("image") is not { } image) return null;
        image.RejectUnknownFields("repository", "tag");
        return new ImageReference(image.String("repository"), image.String("tag"));
    }

    // The options openab's Discord and Slack adapters share, as the chart names them.
    private static readonly string[] ChatFields =
    [
        "enabled", "botToken", "botTokenSecretRef", "allowedChannels", "allowedUsers", "allowAllChannels", "allowAllUsers",
        "allowBotMessages", "trustedBotIds", "allowUserMessages", "maxBotTurns", "messageProcessingMode",
        "maxBufferedMessages", "maxBatchTokens",
    ];

    /// <summary>
    /// `discord`: on when the mapping is there, unless `enabled: false` (the chart's
    /// discord.enabled, default true), so a Slack-only agent can turn off a Discord default.
    /// </summary>
    private static DiscordSettings ReadDiscord(MappingReader? discord)
    {
        if (discord is null) return new DiscordSettings();
        discord.RejectUnknownFields([.. ChatFields, "botTokenExternalSecret", "allowedRoleIds", "allowDm"]);
        return ReadChat(discord, new DiscordSettings
        {
            Enabled = discord.Bool("enabled") ?? true,
            BotTokenExternalSecret = ReadTokenExternalSecret(discord.Mapping("botTokenExternalSecret")),
            AllowedRoleIds = discord.StringList("allowedRoleIds") ?? [],
            AllowDm = discord.Bool("allowDm"),
        });
    }

    /// <summary>`slack`: on only with `enabled: true`, as in the chart (slack.enabled, default false).</summary>
    private static SlackSettings ReadSlack(MappingReader? slack)
    {
        if (slack is null) return new SlackSettings();
        slack.RejectUnknownFields([.. ChatFields, "appToken", "appTokenSecretRef"]);
        return ReadChat(slack, new SlackSettings
        {
            Enabled = slack.Bool("enabled") ?? false,
            AppToken = slack.String("appToken"),
            AppTokenSecretRef = ReadSecretKeyReference(slack, "appTokenSecretRef"),
        });
    }

    private static T ReadChat<T>(MappingReader chat, T settings) where T : ChatSettings => (T)(settings with
    {
        BotToken = chat.String("botToken"),
        BotTokenSecretRef = ReadSecretKeyReference(chat, "botTokenSecretRef"),
        AllowedChannels = chat.StringList("allowedChannels") ?? [],
        AllowedUsers = chat.StringList("allowedUsers") ?? [],
        AllowAllChannels = chat.Bool("allowAllChannels"),
        AllowAllUsers = chat.Bool("allowAllUsers"),
        AllowBotMessages = chat.OneOf("allowBotMessages", OpenabOptions.AllowBotMessages),
        TrustedBotIds = chat.StringList("trustedBotIds") ?? [],
        AllowUserMessages = chat.OneOf("allowUserMessages", OpenabOptions.AllowUserMessages),
        MaxBotTurns = chat.Int("maxBotTurns", OpenabOptions.MaxBotTurnsMin, OpenabOptions.MaxBotTurnsMax),
        MessageProcessingMode = chat.OneOf("messageProcessingMode", OpenabOptions.MessageProcessingMode),
        // openab refuses 0 for both (a zero-capacity channel panics); it has no upper bound.
        MaxBufferedMessages = chat.Int("maxBufferedMessages", 1, int.MaxValue),
        MaxBatchTokens = chat.Int("maxBatchTokens", 1, int.MaxValue),
    });

    private static SecretKeyReference? ReadSecretKeyReference(MappingReader parent, string key)
    {
        if (parent.Mapping(key) is not { } secretRef) return null;
        secretRef.RejectUnknownFields("name", "key");
        return new SecretKeyReference(secretRef.String("name"), secretRef.String("key"));
    }

    private static List<SecretEnvVar> ReadSecretEnv(MappingReader agent)
    {
        var result = new List<SecretEnvVar>();
        foreach (var reader in agent.Entries("secretEnv", "{name, secretName, secretKey}"))
        {
            reader.RejectUnknownFields("name", "secretName", "secretKey");
            var name = reader.String("name");
            var secretName = reader.String("secretName");
            var secretKey = reader.String("secretKey");
            foreach (var (field, value) in new[] { ("name", name), ("secretName", secretName), ("secretKey", secretKey) })
            {
                if (string.IsNullOrEmpty(value)) agent.Diagnostics.Error(reader.FieldPath(field), "is required");
            }
            if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(secretName) && !string.IsNullOrEmpty(secretKey))
                result.Add(new SecretEnvVar(name, secretName, secretKey));
        }
        return result;
    }

    private static PersistenceSettings ReadPersistence(MappingReader? persistence)
    {
        if (persistence is null) return new PersistenceSettings();
        persistence.RejectUnknownFields("s3", "paths", "exclude", "existingClaim");
        var s3 = new S3Settings();
        if (persistence.Mapping("s3") is { } s)
        {
            s.RejectUnknownFields("enabled", "bucket", "prefix", "credentialsSecret", "endpoint", "region",
                "syncIntervalSeconds", "backup", "image", "credentialsExternalSecret");
            var backup = s.String("backup");
            var mode = backup switch
            {
                null or "" or "sidecar" => BackupMode.Sidecar,
                "preStop" => BackupMode.PreStop,
                _ => (BackupMode?)null,
            };
            if (mode is null) s.Diagnostics.Error(s.FieldPath("backup"), $"must be `sidecar` (default) or `preStop`, got `{backup}`");
            s3 = new S3Settings
            {
                Enabled = s.Bool("enabled") ?? false,
                Bucket = s.String("bucket") ?? "",
                Prefix = s.String("prefix") ?? "",
                CredentialsSecret = s.String("credentialsSecret") ?? "",
                Endpoint = s.String("endpoint") ?? "",
                Region = s.String("region") ?? "",
                SyncIntervalSeconds = s.Int("syncIntervalSeconds", 10, 86_400) ?? 300,
                Backup = mode ?? BackupMode.Sidecar,
                Image = ReadImage(s),
                CredentialsExternalSecret = ReadS3ExternalSecret(s.Mapping("credentialsExternalSecret")),
            };
        }
        return new PersistenceSettings
        {
            S3 = s3,
            Paths = persistence.StringList("paths") is { Count: > 0 } paths ? paths : null,
            Exclude = persistence.StringList("exclude") is { Count: > 0 } exclude ? exclude : null,
            ExistingClaim = persistence.String("existingClaim") is { Length: > 0 } claim ? claim : null,
        };
    }

    private static V1ResourceRequirements? ReadResources(MappingReader? resources)
    {
        if (resources is null || resources.Node.Children.Count == 0) return null;
        resources.RejectUnknownFields("limits", "requests");
        Dictionary<string, ResourceQuantity>? Quantities(string key)
        {
            var map = resources.StringMap(key);
            if (map is null) return null;
            var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
            foreach (var (name, text) in map)
            {
                if (!QuantityPattern().IsMatch(text))
                {
                    resources.Diagnostics.Error($"{resources.FieldPath(key)}.{name}",
                        $"`{text}` is not a Kubernetes quantity (e.g. 500m, 1, 512Mi, 2Gi)");
                    continue;
                }
                result[name] = new ResourceQuantity(text);
            }
            return result;
        }
        return new V1ResourceRequirements { Limits = Quantities("limits"), Requests = Quantities("requests") };
    }

    /// <summary>A field with a Kubernetes type, read through the models so its shape is checked.</summary>
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
