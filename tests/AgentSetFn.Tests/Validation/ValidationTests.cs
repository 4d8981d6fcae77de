using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// Each mistake a user can make in an AgentSet is an error result naming the field and file,
/// with exit 1 and nothing rendered; several mistakes are all reported at once.
/// </summary>
public class ValidationTests
{
    private const string Token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-hygiene.DO-NOT-ECHO";
    private const string S3Key = "wJalrXUtnFEMIK7MDENGbPxRfiCYS3HYGIENE";
    private const string SlackToken = "xoxb-1234-5678-secret-hygiene-DO-NOT-ECHO";

    // One agent with every field the cases below edit; {0} is replaced by the case's agent body.
    private const string Template = AgentSetYaml.Head + """
          agents:
            kiro:
        {0}
        """;

    private const string ValidAgent = """
              command: kiro-cli
              discord:
                botToken: @@TOKEN@@
                allowedChannels: ["123456789012345678"]
              pool: {maxSessions: 10, sessionTtlHours: 24}
              persistence:
                s3: {enabled: true, bucket: team-state, region: eu-west-1}
        """;

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, replace this, with this, expected field path | message fragment
        { "typo in a field", "maxSessions: 10", "maxSesions: 10", "spec.agents.kiro.pool.maxSesions|did you mean `maxSessions`?" },
        { "count is not a number", "maxSessions: 10", "maxSessions: ten", "spec.agents.kiro.pool.maxSessions|must be an integer" },
        { "count is zero", "maxSessions: 10", "maxSessions: 0", "spec.agents.kiro.pool.maxSessions|between 1 and 1000" },
        { "negative TTL", "sessionTtlHours: 24", "sessionTtlHours: -1", "spec.agents.kiro.pool.sessionTtlHours|between 1" },
        { "boolean as string", "enabled: true", "enabled: \"true\"", "spec.agents.kiro.persistence.s3.enabled|must be a boolean" },
        { "both token forms", "botToken: @@TOKEN@@", "botToken: @@TOKEN@@\n        botTokenSecretRef: {name: d, key: t}", "spec.agents.kiro.discord|not both" },
        { "no token at all", "botToken: @@TOKEN@@", "allowedUsers: []", "spec.agents.kiro.discord|needs the bot token" },
        { "secret ref without key", "botToken: @@TOKEN@@", "botTokenSecretRef: {name: discord}", "spec.agents.kiro.discord.botTokenSecretRef.key|is required" },
        { "channel id mangled to a float", "[\"123456789012345678\"]", "[1.2345678901234568e+17]", "spec.agents.kiro.discord.allowedChannels[0]|lost its digits" },
        { "channel id too short", "[\"123456789012345678\"]", "[\"12345\"]", "spec.agents.kiro.discord.allowedChannels[0]|17 to 20 digits" },
        { "bucket missing", "bucket: team-state", "bucket: \"\"", "spec.agents.kiro.persistence.s3.bucket|is required" },
        { "bucket invalid", "bucket: team-state", "bucket: Team_State", "spec.agents.kiro.persistence.s3.bucket|not a valid bucket name" },
        { "endpoint not a URL", "region: eu-west-1", "endpoint: minio:9000", "spec.agents.kiro.persistence.s3.endpoint|http(s) URL" },
        { "absolute path", "region: eu-west-1}", "region: eu-west-1}\n        paths: [/etc/passwd]", "spec.agents.kiro.persistence.paths[0]|relative to $HOME" },
        { "path escapes home", "region: eu-west-1}", "region: eu-west-1}\n        paths: [../x]", "spec.agents.kiro.persistence.paths[0]|'..'" },
        { "path injects a command", "region: eu-west-1}", "region: eu-west-1}\n        paths: ['a\"; curl x | sh']", "spec.agents.kiro.persistence.paths[0]|not allowed" },
        { "unknown CLI without paths", "command: kiro-cli", "command: my-cli", "spec.agents.kiro.persistence.paths|no default paths" },
        { "invalid env name", "command: kiro-cli", "command: kiro-cli\n      env: {1BAD: x}", "spec.agents.kiro.env.1BAD|not a valid environment variable name" },
        { "token in env", "command: kiro-cli", "command: kiro-cli\n      env: {DISCORD_BOT_TOKEN: x}", "spec.agents.kiro.env.DISCORD_BOT_TOKEN|must not reach" },
        { "S3 key in secretEnv", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: AWS_SECRET_ACCESS_KEY, secretName: s3, secretKey: k}]", "spec.agents.kiro.secretEnv[0].name|must not reach" },
        { "secretEnv collides with env", "command: kiro-cli", "command: kiro-cli\n      env: {API_KEY: x}\n      secretEnv: [{name: API_KEY, secretName: s, secretKey: k}]", "spec.agents.kiro.secretEnv[0].name|also exists in env" },
        { "bad quantity", "command: kiro-cli", "command: kiro-cli\n      resources: {limits: {memory: 500x}}", "spec.agents.kiro.resources.limits.memory|not a Kubernetes quantity" },
        { "bad toleration shape", "command: kiro-cli", "command: kiro-cli\n      tolerations: [{key: a, operater: Exists}]", "spec.agents.kiro.tolerations|not a valid Kubernetes list of tolerations" },
        { "bad image", "command: kiro-cli", "command: kiro-cli\n      image: {repository: 'Not An Image', tag: '1.0'}", "spec.agents.kiro.image.repository|not a valid image repository" },
        { "unknown backup mode", "region: eu-west-1}", "region: eu-west-1, backup: cron}", "spec.agents.kiro.persistence.s3.backup|`sidecar` (default) or `preStop`" },
        // Beyond the chart
        { "workspace token in the URL", "command: kiro-cli", "command: kiro-cli\n      workspace: {repo: 'https://x:@@TOKEN@@@github.com/o/r.git'}", "spec.agents.kiro.workspace.repo|must be an https URL without credentials" },
        { "workspace over ssh", "command: kiro-cli", "command: kiro-cli\n      workspace: {repo: 'git@github.com:o/r.git'}", "spec.agents.kiro.workspace.repo|https URL" },
        { "workspace without repo", "command: kiro-cli", "command: kiro-cli\n      workspace: {ref: main}", "spec.agents.kiro.workspace.repo|is required" },
        { "workspace ref injects an option", "command: kiro-cli", "command: kiro-cli\n      workspace: {repo: 'https://github.com/o/r.git', ref: '--upload-pack=x'}", "spec.agents.kiro.workspace.ref|not a branch or tag name" },
        { "workspace typo", "command: kiro-cli", "command: kiro-cli\n      workspace: {repo: 'https://github.com/o/r.git', secretRf: {name: t}}", "spec.agents.kiro.workspace.secretRf|did you mean `secretRef`?" },
        { "setup image unpinned", "command: kiro-cli", "command: kiro-cli\n      setup: [{name: a, image: node, command: [x]}]", "spec.agents.kiro.setup[0].image|has no tag" },
        { "setup without command", "command: kiro-cli", "command: kiro-cli\n      setup: [{name: a, image: 'node:22'}]", "spec.agents.kiro.setup[0].command|is required" },
        { "setup named like the agent container", "command: kiro-cli", "command: kiro-cli\n      setup: [{name: openab, image: 'node:22', command: [x]}]", "spec.agents.kiro.setup[0].name|function's own containers" },
        { "setup steps share a name", "command: kiro-cli", "command: kiro-cli\n      setup: [{name: a, image: 'node:22', command: [x]}, {name: a, image: 'node:22', command: [y]}]", "spec.agents.kiro.setup[1].name|already the name" },
        { "hostPath without policy", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: host, mountPath: /host, source: {hostPath: {path: /}}}]", "spec.agents.kiro.volumes[0].source.hostPath|spec.policy.allowHostPath" },
        { "volume source not allowed", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: nfs, mountPath: /nfs, source: {nfs: {server: s, path: /}}}]", "spec.agents.kiro.volumes[0].source.nfs|not allowed" },
        { "volume named like the home", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: home, mountPath: /data, source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].name|function's own volumes" },
        { "volume over the home", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: /home/agent, source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].mountPath|collides with the function's own mount" },
        { "volume above the config", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: /etc, source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].mountPath|collides" },
        { "volume without source", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: /data}]", "spec.agents.kiro.volumes[0].source|is required" },
        { "volume source typo", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: /data, source: {emptyDri: {}}}]", "spec.agents.kiro.volumes[0].source|not a valid Kubernetes volume source" },
        { "extra container mounting the identity's token", "command: kiro-cli", "command: kiro-cli\n      extraContainers: [{name: side, image: \"busybox:1.36\", volumeMounts: [{name: aws-identity-token, mountPath: /tok}]}]", "spec.agents.kiro.extraContainers[0].volumeMounts[0].name|one of the function's own volumes" },
        { "extra init container mounting the keys", "command: kiro-cli", "command: kiro-cli\n      extraInitContainers: [{name: early, image: \"busybox:1.36\", volumeMounts: [{name: s3-credentials, mountPath: /k}]}]", "spec.agents.kiro.extraInitContainers[0].volumeMounts[0].name|one of the function's own volumes" },
        { "extra container mounting nothing", "command: kiro-cli", "command: kiro-cli\n      extraVolumes: [{name: ca, configMap: {name: ca}}]\n      extraContainers: [{name: side, image: \"busybox:1.36\", volumeMounts: [{name: cx, mountPath: /ca}]}]", "spec.agents.kiro.extraContainers[0].volumeMounts[0].name|did you mean `ca`?" },
        { "extra volume mount of nothing", "command: kiro-cli", "command: kiro-cli\n      extraVolumes: [{name: ca, configMap: {name: ca}}]\n      extraVolumeMounts: [{name: cx, mountPath: /ca}]", "spec.agents.kiro.extraVolumeMounts[0].name|did you mean `ca`?" },
        { "extra hostPath volume", "command: kiro-cli", "command: kiro-cli\n      extraVolumes: [{name: host, hostPath: {path: /var/run}}]", "spec.agents.kiro.extraVolumes[0].hostPath|not allowed" },
        { "extra container shape", "command: kiro-cli", "command: kiro-cli\n      extraContainers: [{name: p, image: 'x:1', portz: []}]", "spec.agents.kiro.extraContainers|not a valid Kubernetes list of containers" },
        { "extra container named s3-backup", "command: kiro-cli", "command: kiro-cli\n      extraContainers: [{name: s3-backup, image: 'x:1'}]", "spec.agents.kiro.extraContainers[0].name|function's own containers" },
        { "extra init container without image", "command: kiro-cli", "command: kiro-cli\n      extraInitContainers: [{name: w}]", "spec.agents.kiro.extraInitContainers[0].image|is required" },
        { "pod label overrides the selector", "command: kiro-cli", "command: kiro-cli\n      podLabels: {app.kubernetes.io/component: x}", "spec.agents.kiro.podLabels.app.kubernetes.io/component|set by the function" },
        { "pod annotation overrides the hash", "command: kiro-cli", "command: kiro-cli\n      podAnnotations: {agentset.dev/config-hash: x}", "spec.agents.kiro.podAnnotations.agentset.dev/config-hash|set by the function" },
        { "bad label value", "command: kiro-cli", "command: kiro-cli\n      podLabels: {team: 'a b'}", "spec.agents.kiro.podLabels.team|not a valid label value" },
        { "pull secret as a string", "command: kiro-cli", "command: kiro-cli\n      imagePullSecrets: [ghcr]", "spec.agents.kiro.imagePullSecrets|not a valid Kubernetes list of image pull secrets" },
        { "service account not a name", "command: kiro-cli", "command: kiro-cli\n      serviceAccountName: Kiro_SA", "spec.agents.kiro.serviceAccountName|not a valid ServiceAccount name" },
        { "priority class not a name", "command: kiro-cli", "command: kiro-cli\n      priorityClassName: 'Low Priority'", "spec.agents.kiro.priorityClassName|not a valid PriorityClass name" },
        { "security context shape", "command: kiro-cli", "command: kiro-cli\n      containerSecurityContext: {readOnlyRootFs: false}", "spec.agents.kiro.containerSecurityContext|not a valid Kubernetes container security context" },
        { "nameOverride not DNS-1123", "command: kiro-cli", "command: kiro-cli\n      nameOverride: Kiro_Bot", "spec.agents.kiro.nameOverride|DNS-1123" },
        { "command with a trailing space", "command: kiro-cli", "command: 'kiro-cli '", "spec.agents.kiro.command|surrounding spaces" },
        { "command with its arguments", "command: kiro-cli", "command: 'claude-agent-acp --verbose'", "spec.agents.kiro.command|put the arguments in args" },
        { "enabled as a string", "command: kiro-cli", "command: kiro-cli\n      enabled: 'no'", "spec.agents.kiro.enabled|must be a boolean" },
        { "existingClaim not a name", "region: eu-west-1}", "region: eu-west-1}\n        existingClaim: My_Claim", "spec.agents.kiro.persistence.existingClaim|not a valid PersistentVolumeClaim name" },
        { "defaults typo", "spec:\n  agents:", "spec:\n  defaults: {comand: x}\n  agents:", "spec.defaults.comand|did you mean `command`?" },
        { "policy typo", "spec:\n  agents:", "spec:\n  policy: {allowHostPaths: true}\n  agents:", "spec.policy.allowHostPaths|did you mean `allowHostPath`?" },
        // Operator features
        { "three token sources", "botToken: @@TOKEN@@", "botToken: @@TOKEN@@\n        botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}", "spec.agents.kiro.discord|not both botToken and botTokenExternalSecret" },
        { "secret ref and external secret", "botToken: @@TOKEN@@", "botTokenSecretRef: {name: d, key: t}\n        botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}", "spec.agents.kiro.discord|exactly one of botToken, botTokenSecretRef or botTokenExternalSecret" },
        { "external secret without remoteKey", "botToken: @@TOKEN@@", "botTokenExternalSecret: {secretStoreRef: {name: vault}}", "spec.agents.kiro.discord.botTokenExternalSecret.remoteKey|is required" },
        { "external secret without store", "botToken: @@TOKEN@@", "botTokenExternalSecret: {remoteKey: k}", "spec.agents.kiro.discord.botTokenExternalSecret.secretStoreRef|is required" },
        { "external secret store kind typo", "botToken: @@TOKEN@@", "botTokenExternalSecret: {secretStoreRef: {name: vault, kind: ClusterStore}, remoteKey: k}", "spec.agents.kiro.discord.botTokenExternalSecret.secretStoreRef.kind|must be SecretStore (default) or ClusterSecretStore" },
        { "external secret store name invalid", "botToken: @@TOKEN@@", "botTokenExternalSecret: {secretStoreRef: {name: Vault_1}, remoteKey: k}", "spec.agents.kiro.discord.botTokenExternalSecret.secretStoreRef.name|not a valid store name" },
        { "external secret typo", "botToken: @@TOKEN@@", "botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKye: k}", "spec.agents.kiro.discord.botTokenExternalSecret.remoteKye|did you mean `remoteKey`?" },
        { "S3 keys from two sources", "region: eu-west-1}", "region: eu-west-1, credentialsSecret: s3, credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}}", "spec.agents.kiro.persistence.s3|either credentialsSecret or credentialsExternalSecret, not both" },
        { "S3 external secret without store", "region: eu-west-1}", "region: eu-west-1, credentialsExternalSecret: {remoteKey: k}}", "spec.agents.kiro.persistence.s3.credentialsExternalSecret.secretStoreRef|is required" },
        { "networkPolicy typo", "command: kiro-cli", "command: kiro-cli\n      networkPolicy: {enable: true}", "spec.agents.kiro.networkPolicy.enable|did you mean `enabled`?" },
        { "networkPolicy enabled as a string", "command: kiro-cli", "command: kiro-cli\n      networkPolicy: {enabled: 'on'}", "spec.agents.kiro.networkPolicy.enabled|must be a boolean" },
        { "extraEgress of the wrong shape", "command: kiro-cli", "command: kiro-cli\n      networkPolicy: {enabled: true, extraEgress: [{too: []}]}", "spec.agents.kiro.networkPolicy.extraEgress|not a valid Kubernetes list of NetworkPolicy egress rules" },
        { "extraEgress peer empty", "command: kiro-cli", "command: kiro-cli\n      networkPolicy: {enabled: true, extraEgress: [{to: [{}]}]}", "spec.agents.kiro.networkPolicy.extraEgress[0].to[0]|names no peer" },
        { "extraEgress CIDR invalid", "command: kiro-cli", "command: kiro-cli\n      networkPolicy: {enabled: true, extraEgress: [{to: [{ipBlock: {cidr: 10.0.0.0/33}}]}]}", "spec.agents.kiro.networkPolicy.extraEgress[0].to[0].ipBlock.cidr|not a CIDR" },
        { "extraEgress ipBlock with a selector", "command: kiro-cli", "command: kiro-cli\n      networkPolicy: {enabled: true, extraEgress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]}", "spec.agents.kiro.networkPolicy.extraEgress[0].to[0]|cannot be combined" },
        { "extraEgress port out of range", "command: kiro-cli", "command: kiro-cli\n      networkPolicy: {enabled: true, extraEgress: [{ports: [{port: 70000}]}]}", "spec.agents.kiro.networkPolicy.extraEgress[0].ports[0].port|not a port number" },
        { "extraEgress protocol unknown", "command: kiro-cli", "command: kiro-cli\n      networkPolicy: {enabled: true, extraEgress: [{ports: [{protocol: ICMP, port: 1}]}]}", "spec.agents.kiro.networkPolicy.extraEgress[0].ports[0].protocol|not a protocol" },
        { "livenessProbe field typo", "command: kiro-cli", "command: kiro-cli\n      livenessProbe: {periodSecond: 5}", "spec.agents.kiro.livenessProbe|not a valid Kubernetes probe" },
        { "livenessProbe enabled as a string", "command: kiro-cli", "command: kiro-cli\n      livenessProbe: {enabled: 'no'}", "spec.agents.kiro.livenessProbe.enabled|must be a boolean" },
        { "livenessProbe negative timeout", "command: kiro-cli", "command: kiro-cli\n      livenessProbe: {timeoutSeconds: -1}", "spec.agents.kiro.livenessProbe.timeoutSeconds|zero or more" },
        { "livenessProbe success threshold", "command: kiro-cli", "command: kiro-cli\n      livenessProbe: {successThreshold: 2}", "spec.agents.kiro.livenessProbe.successThreshold|must be 1" },
        { "livenessProbe two handlers", "command: kiro-cli", "command: kiro-cli\n      livenessProbe: {exec: {command: [/bin/true]}, tcpSocket: {port: 8080}}", "spec.agents.kiro.livenessProbe|one handler" },
        { "cron schedule with four fields", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * *', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule|has 4 field(s); a schedule has five" },
        { "cron schedule with seconds", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 0 9 * * MON', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule|has 6 field(s)" },
        { "cron Sunday as 0", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 0 * * 0', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule|uses 0 for Sunday" },
        { "cron minute out of range", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '61 * * * *', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule|minute `61` is out of range (0-59)" },
        { "cron range backwards", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * FRI-MON', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule|runs backwards" },
        { "cron extension", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 L * *', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule|are not supported" },
        { "cron step zero", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '*/0 * * * *', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule|step that is not a number" },
        { "cron month name typo", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 1 JNA *', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule|one of JAN-DEC" },
        { "cron on slack without slack", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * MON', channel: C0123456789, prompt: hi, platform: slack}]", "spec.agents.kiro.cronjobs[0].platform|which this agent does not use: enable slack" },
        { "cron platform unknown", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * MON', channel: '123456789012345678', prompt: hi, platform: teams}]", "spec.agents.kiro.cronjobs[0].platform|discord, slack" },
        { "cron channel a float", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * MON', channel: 1.2e+17, prompt: hi}]", "spec.agents.kiro.cronjobs[0].channel|lost its digits" },
        { "cron channel not an ID", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * MON', channel: general, prompt: hi}]", "spec.agents.kiro.cronjobs[0].channel|not a Discord channel ID" },
        { "cron names twice", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * MON', channel: '123456789012345678', prompt: hi}, {name: a, schedule: '0 10 * * MON', channel: '123456789012345678', prompt: ho}]", "spec.agents.kiro.cronjobs[1].name|already the name of cronjobs[0]" },
        { "cron without prompt", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * MON', channel: '123456789012345678'}]", "spec.agents.kiro.cronjobs[0].prompt|is required" },
        { "cron name with a bracket", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: '[ops]', schedule: '0 9 * * MON', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].name|not a usable name" },
        { "cron time zone invalid", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * MON', channel: '123456789012345678', prompt: hi, timezone: 'Europe Berlin'}]", "spec.agents.kiro.cronjobs[0].timezone|not a time zone of the IANA tz database" },
        { "cron entry typo", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: a, schedule: '0 9 * * MON', channel: '123456789012345678', promt: hi}]", "spec.agents.kiro.cronjobs[0].promt|did you mean `prompt`?" },
        { "cron entry a string", "command: kiro-cli", "command: kiro-cli\n      cronjobs: ['0 9 * * MON']", "spec.agents.kiro.cronjobs[0]|must be a mapping {name, schedule, channel, prompt}" },
        { "grace period negative", "command: kiro-cli", "command: kiro-cli\n      terminationGracePeriodSeconds: -1", "spec.agents.kiro.terminationGracePeriodSeconds|between 0 and 86400" },
        { "pod name in env", "command: kiro-cli", "command: kiro-cli\n      env: {POD_NAME: x}", "spec.agents.kiro.env.POD_NAME|Downward API" },
        { "node name in secretEnv", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: NODE_NAME, secretName: s, secretKey: k}]", "spec.agents.kiro.secretEnv[0].name|Downward API" },
        // The resource itself
        { "wrong apiVersion", "apiVersion: agentset.dev/v1alpha1", "apiVersion: agentset.dev/v1", "apiVersion|expected apiVersion: agentset.dev/v1alpha1" },
        { "wrong kind", "kind: AgentSet", "kind: AgentSets", "kind|needs an AgentSet (agentset.dev/v1alpha1)" },
        { "set name missing", "metadata: {name: team}", "metadata: {}", "metadata.name|is required" },
        { "set name not DNS-1123", "metadata: {name: team}", "metadata: {name: Team}", "metadata.name|DNS-1123" },
        { "namespace not DNS-1123", "metadata: {name: team}", "metadata: {name: team, namespace: My_NS}", "metadata.namespace|DNS-1123" },
        { "unknown top-level field", "kind: AgentSet", "kind: AgentSet\nstatus: {}", "status|known fields: apiVersion, kind, metadata, spec" },
        { "typo of spec", "spec:\n  agents:", "spec: {}\nspc:\n  agents:", "spc|did you mean `spec`?" },
        { "spec.agents missing", "spec:\n  agents:", "spec:\n  agentz:", "spec.agents|must list at least one agent" },
        { "typo of agents", "spec:\n  agents:", "spec:\n  agentz:", "spec.agentz|did you mean `agents`?" },
        { "spec.agents empty", "spec:\n  agents:\n", "spec:\n  agents: {}\n  x:\n", "spec.agents|must list at least one agent" },
        { "spec.agents a list", "spec:\n  agents:\n", "spec:\n  agents: [kiro]\n  x:\n", "spec.agents|must be a mapping of agent name" },
        { "agent not a mapping", "    kiro:\n", "    other: kiro-cli\n    kiro:\n", "spec.agents.other|must be a mapping of agent settings" },
        // Names
        { "agent key not DNS-1123", "    kiro:\n", "    Kiro_1:\n", "spec.agents.Kiro_1|must be a DNS-1123 label" },
        { "agent key with a dot", "    kiro:\n", "    kiro.v2:\n", "spec.agents.kiro.v2|must be a DNS-1123 label" },
        { "generated name over 63 characters", "metadata: {name: team}", "metadata: {name: a-very-long-agentset-name-for-the-platform-teams-coding-agents}",
            "spec.agents.kiro|generated name `a-very-long-agentset-name-for-the-platform-teams-coding-agents-kiro` is 67 characters; Kubernetes allows 63" },
        // Unknown fields at every level, with a suggestion
        { "typo in an agent field", "command: kiro-cli", "comand: kiro-cli", "spec.agents.kiro.comand|did you mean `command`?" },
        { "typo in a discord field", "allowedChannels:", "allowedChanels:", "spec.agents.kiro.discord.allowedChanels|did you mean `allowedChannels`?" },
        { "typo in an s3 field", "bucket: team-state", "bucket: team-state, regoin: x", "spec.agents.kiro.persistence.s3.regoin|did you mean `region`?" },
        { "typo in a persistence field", "        s3: {", "        path: [a/]\n        s3: {", "spec.agents.kiro.persistence.path|did you mean `paths`?" },
        { "typo in the secret ref", "botToken: @@TOKEN@@", "botTokenSecretRef: {name: d, kee: t}", "spec.agents.kiro.discord.botTokenSecretRef.kee|did you mean `key`?" },
        { "typo in an image", "command: kiro-cli", "command: kiro-cli\n      image: {repositry: ghcr.io/a/b}", "spec.agents.kiro.image.repositry|did you mean `repository`?" },
        { "typo in a secretEnv entry", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: API_KEY, secretName: s, secretkey: k}]", "spec.agents.kiro.secretEnv[0].secretkey|did you mean `secretKey`?" },
        { "typo in reactions", "command: kiro-cli", "command: kiro-cli\n      reactions: {enable: true}", "spec.agents.kiro.reactions.enable|did you mean `enabled`?" },
        // Wrong types
        { "args a string", "command: kiro-cli", "command: kiro-cli\n      args: acp", "spec.agents.kiro.args|must be a list, got a string" },
        { "command a list", "command: kiro-cli", "command: [kiro-cli]", "spec.agents.kiro.command|must be a string, got a list" },
        { "env a list", "command: kiro-cli", "command: kiro-cli\n      env: [A=b]", "spec.agents.kiro.env|must be a mapping, got a list" },
        { "env value a mapping", "command: kiro-cli", "command: kiro-cli\n      env: {A: {b: c}}", "spec.agents.kiro.env.A|must be a string, got a mapping" },
        { "discord the token itself", "discord:\n        botToken: @@TOKEN@@\n        allowedChannels: [\"123456789012345678\"]", "discord: @@TOKEN@@", "spec.agents.kiro.discord|must be a mapping, got a string" },
        { "channels a single string", "allowedChannels: [\"123456789012345678\"]", "allowedChannels: \"123456789012345678\"", "spec.agents.kiro.discord.allowedChannels|must be a list" },
        { "agentsMd a mapping", "command: kiro-cli", "command: kiro-cli\n      agentsMd: {rules: x}", "spec.agents.kiro.agentsMd|must be a string, got a mapping" },
        { "count a decimal", "maxSessions: 10", "maxSessions: 1.5", "spec.agents.kiro.pool.maxSessions|must be an integer (unquoted), got a decimal number" },
        { "count quoted", "maxSessions: 10", "maxSessions: \"10\"", "spec.agents.kiro.pool.maxSessions|must be an integer (unquoted), got a quoted string" },
        { "pool a number", "pool: {maxSessions: 10, sessionTtlHours: 24}", "pool: 10", "spec.agents.kiro.pool|must be a mapping, got an integer" },
        // Counts and TTLs out of range
        { "negative count", "maxSessions: 10", "maxSessions: -5", "spec.agents.kiro.pool.maxSessions|between 1 and 1000, got -5" },
        { "count beyond any int", "maxSessions: 10", "maxSessions: 99999999999", "spec.agents.kiro.pool.maxSessions|must be an integer between 1 and 1000, got 99999999999" },
        { "count in hexadecimal", "maxSessions: 10", "maxSessions: 0x10", "spec.agents.kiro.pool.maxSessions|must be a decimal integer (unquoted), got an integer in hexadecimal or octal form" },
        { "count in octal", "maxSessions: 10", "maxSessions: 0o17", "spec.agents.kiro.pool.maxSessions|must be a decimal integer (unquoted), got an integer in hexadecimal or octal form" },
        { "count too large", "maxSessions: 10", "maxSessions: 1001", "spec.agents.kiro.pool.maxSessions|between 1 and 1000, got 1001" },
        { "zero TTL", "sessionTtlHours: 24", "sessionTtlHours: 0", "spec.agents.kiro.pool.sessionTtlHours|between 1" },
        { "count beyond int", "maxSessions: 10", "maxSessions: 99999999999999999999", "spec.agents.kiro.pool.maxSessions|must be an integer" },
        { "zero sync interval", "region: eu-west-1}", "region: eu-west-1, syncIntervalSeconds: 0}", "spec.agents.kiro.persistence.s3.syncIntervalSeconds|between 10 and 86400" },
        // Booleans given as strings
        { "yes for true", "command: kiro-cli", "command: kiro-cli\n      reactions: {enabled: yes}", "spec.agents.kiro.reactions.enabled|must be a boolean" },
        { "quoted false", "command: kiro-cli", "command: kiro-cli\n      reactions: {removeAfterReply: 'false'}", "spec.agents.kiro.reactions.removeAfterReply|must be a boolean" },
        // Discord
        { "secret ref without name", "botToken: @@TOKEN@@", "botTokenSecretRef: {key: t}", "spec.agents.kiro.discord.botTokenSecretRef.name|is required" },
        { "secret ref name invalid", "botToken: @@TOKEN@@", "botTokenSecretRef: {name: Discord_Token, key: t}", "spec.agents.kiro.discord.botTokenSecretRef.name|not a valid Secret name" },
        { "empty inline token", "botToken: @@TOKEN@@", "botToken: \"\"", "spec.agents.kiro.discord|needs the bot token" },
        { "channel id as a float", "[\"123456789012345678\"]", "[1.2e+17]", "spec.agents.kiro.discord.allowedChannels[0]|lost its digits" },
        { "channel id with a decimal point", "[\"123456789012345678\"]", "[123456789012345678.0]", "spec.agents.kiro.discord.allowedChannels[0]|lost its digits" },
        { "channel id negative", "[\"123456789012345678\"]", "[-123456789012345678]", "spec.agents.kiro.discord.allowedChannels[0]|17 to 20 digits" },
        { "channel id too long", "[\"123456789012345678\"]", "[\"123456789012345678901\"]", "spec.agents.kiro.discord.allowedChannels[0]|17 to 20 digits" },
        { "user id not digits", "allowedChannels: [\"123456789012345678\"]", "allowedChannels: [\"123456789012345678\"]\n        allowedUsers: [\"@alice\"]", "spec.agents.kiro.discord.allowedUsers[0]|not a Discord ID" },
        { "user id a list", "allowedChannels: [\"123456789012345678\"]", "allowedChannels: [\"123456789012345678\"]\n        allowedUsers: [[\"1\"]]", "spec.agents.kiro.discord.allowedUsers[0]|must be a string, got a list" },
        // Slack: its tokens are secrets like Discord's
        { "slack token under a typo", "command: kiro-cli", "command: kiro-cli\n      slack: {enabled: true, botTokn: @@SLACK@@, appToken: @@SLACK@@}", "spec.agents.kiro.slack.botTokn|did you mean `botToken`?" },
        { "slack without its app token", "command: kiro-cli", "command: kiro-cli\n      slack: {enabled: true, botToken: @@SLACK@@}", "spec.agents.kiro.slack|needs the app token" },
        { "slack token in env", "command: kiro-cli", "command: kiro-cli\n      env: {SLACK_BOT_TOKEN: @@SLACK@@}", "spec.agents.kiro.env.SLACK_BOT_TOKEN|must not reach" },
        { "slack token as a channel", "command: kiro-cli", "command: kiro-cli\n      slack: {enabled: true, botToken: @@SLACK@@, appToken: @@SLACK@@, allowedChannels: [[@@SLACK@@]]}", "spec.agents.kiro.slack.allowedChannels[0]|must be a string, got a list" },
        // Environment
        { "env name with a dash", "command: kiro-cli", "command: kiro-cli\n      env: {MY-VAR: x}", "spec.agents.kiro.env.MY-VAR|not a valid environment variable name" },
        { "S3 key in env", "command: kiro-cli", "command: kiro-cli\n      env: {AWS_SECRET_ACCESS_KEY: @@S3KEY@@}", "spec.agents.kiro.env.AWS_SECRET_ACCESS_KEY|must not reach" },
        { "S3 key id in env", "command: kiro-cli", "command: kiro-cli\n      env: {AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE}", "spec.agents.kiro.env.AWS_ACCESS_KEY_ID|must not reach" },
        { "token in env with its value", "command: kiro-cli", "command: kiro-cli\n      env: {DISCORD_BOT_TOKEN: @@TOKEN@@}", "spec.agents.kiro.env.DISCORD_BOT_TOKEN|must not reach" },
        { "token in secretEnv", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: DISCORD_BOT_TOKEN, secretName: discord, secretKey: token}]", "spec.agents.kiro.secretEnv[0].name|must not reach" },
        { "HOME in env", "command: kiro-cli", "command: kiro-cli\n      env: {HOME: /root}", "spec.agents.kiro.env.HOME|set workingDir instead" },
        { "secretEnv listed twice", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: A, secretName: s, secretKey: k}, {name: A, secretName: s, secretKey: j}]", "spec.agents.kiro.secretEnv[1].name|listed twice" },
        { "secretEnv without key", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: A, secretName: s}]", "spec.agents.kiro.secretEnv[0].secretKey|is required" },
        { "secretEnv entry a string", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [API_KEY]", "spec.agents.kiro.secretEnv[0]|must be a mapping {name, secretName, secretKey}" },
        // Persistence
        { "bucket left out", "bucket: team-state, ", "", "spec.agents.kiro.persistence.s3.bucket|is required when s3.enabled is true" },
        { "bucket too short", "bucket: team-state", "bucket: ab", "spec.agents.kiro.persistence.s3.bucket|not a valid bucket name" },
        { "endpoint not http", "region: eu-west-1", "region: eu-west-1, endpoint: 'ftp://minio:21'", "spec.agents.kiro.persistence.s3.endpoint|http(s) URL" },
        { "endpoint with a path", "region: eu-west-1", "region: eu-west-1, endpoint: 'http://minio:9000/team-state'", "spec.agents.kiro.persistence.s3.endpoint|without a path" },
        { "endpoint with credentials", "region: eu-west-1", "region: eu-west-1, endpoint: 'http://user:@@S3KEY@@@minio:9000'", "spec.agents.kiro.persistence.s3.endpoint|without a path, query, fragment or credentials" },
        { "region invalid", "region: eu-west-1", "region: EU West", "spec.agents.kiro.persistence.s3.region|not a region name" },
        { "credentials secret invalid", "region: eu-west-1", "region: eu-west-1, credentialsSecret: S3_Keys", "spec.agents.kiro.persistence.s3.credentialsSecret|not a valid Secret name" },
        { "prefix escapes", "region: eu-west-1", "region: eu-west-1, prefix: team/../other", "spec.agents.kiro.persistence.s3.prefix|not a usable key prefix" },
        { "empty path", "region: eu-west-1}", "region: eu-west-1}\n        paths: [\"\"]", "spec.agents.kiro.persistence.paths[0]|is empty" },
        { "home-relative path with a tilde", "region: eu-west-1}", "region: eu-west-1}\n        paths: [~/.kiro]", "spec.agents.kiro.persistence.paths[0]|relative to $HOME" },
        { "path with a command substitution", "region: eu-west-1}", "region: eu-west-1}\n        paths: ['$(reboot)']", "spec.agents.kiro.persistence.paths[0]|not allowed" },
        { "path with backticks", "region: eu-west-1}", "region: eu-west-1}\n        paths: ['`id`']", "spec.agents.kiro.persistence.paths[0]|not allowed" },
        { "path with a newline", "region: eu-west-1}", "region: eu-west-1}\n        paths: [\"a\\nb\"]", "spec.agents.kiro.persistence.paths[0]|not allowed" },
        { "path with a glob", "region: eu-west-1}", "region: eu-west-1}\n        paths: ['.kiro/*']", "spec.agents.kiro.persistence.paths[0]|not allowed" },
        { "exclude absolute", "region: eu-west-1}", "region: eu-west-1}\n        exclude: [/tmp]", "spec.agents.kiro.persistence.exclude[0]|relative to $HOME" },
        { "working dir relative", "command: kiro-cli", "command: kiro-cli\n      workingDir: home/agent", "spec.agents.kiro.workingDir|absolute path" },
        // Kubernetes values
        { "quantity with a unit typo", "command: kiro-cli", "command: kiro-cli\n      resources: {requests: {cpu: 1.5.5}}", "spec.agents.kiro.resources.requests.cpu|not a Kubernetes quantity" },
        { "negative quantity", "command: kiro-cli", "command: kiro-cli\n      resources: {limits: {memory: -1Gi}}", "spec.agents.kiro.resources.limits.memory|negative" },
        { "resource name typo", "command: kiro-cli", "command: kiro-cli\n      resources: {limits: {memroy: 1Gi}}", "spec.agents.kiro.resources.limits.memroy|did you mean `memory`?" },
        { "resources typo", "command: kiro-cli", "command: kiro-cli\n      resources: {limit: {memory: 1Gi}}", "spec.agents.kiro.resources.limit|did you mean `limits`?" },
        { "image tag with a space", "command: kiro-cli", "command: kiro-cli\n      image: {repository: ghcr.io/openabdev/openab, tag: '1.0 beta'}", "spec.agents.kiro.image.tag|not a valid image tag" },
        { "image digest too short", "command: kiro-cli", "command: kiro-cli\n      image: {tag: 'sha256:abc'}", "spec.agents.kiro.image.tag|not a valid image tag or sha256 digest" },
        { "image repository with a tag inside", "command: kiro-cli", "command: kiro-cli\n      image: {repository: 'ghcr.io/openabdev/openab:0.8.3'}", "spec.agents.kiro.image.repository|not a valid image repository" },
        { "AWS CLI image invalid", "region: eu-west-1}", "region: eu-west-1, image: {repository: 'aws cli'}}", "spec.agents.kiro.persistence.s3.image.repository|not a valid image repository" },
        { "tolerations a mapping", "command: kiro-cli", "command: kiro-cli\n      tolerations: {key: dedicated}", "spec.agents.kiro.tolerations|not a valid Kubernetes list of tolerations" },
        { "toleration operator invalid", "command: kiro-cli", "command: kiro-cli\n      tolerations: [{key: a, operator: Maybe}]", "spec.agents.kiro.tolerations[0].operator|use Equal (default) or Exists" },
        { "toleration effect invalid", "command: kiro-cli", "command: kiro-cli\n      tolerations: [{key: a, effect: NoScheduling}]", "spec.agents.kiro.tolerations[0].effect|not a taint effect" },
        { "toleration seconds a string", "command: kiro-cli", "command: kiro-cli\n      tolerations: [{key: a, effect: NoExecute, tolerationSeconds: soon}]", "spec.agents.kiro.tolerations|not a valid Kubernetes list of tolerations" },
        { "toleration empty", "command: kiro-cli", "command: kiro-cli\n      tolerations: [~]", "spec.agents.kiro.tolerations|list entry [0] is empty (null)" },
        { "affinity term empty", "command: kiro-cli", "command: kiro-cli\n      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [~]}}}", "spec.agents.kiro.affinity|list entry nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0] is empty" },
        { "affinity typo", "command: kiro-cli", "command: kiro-cli\n      affinity: {nodeAffinty: {}}", "spec.agents.kiro.affinity|not a valid Kubernetes affinity" },
        { "affinity a list", "command: kiro-cli", "command: kiro-cli\n      affinity: [zone-a]", "spec.agents.kiro.affinity|not a valid Kubernetes affinity" },
        { "affinity term of the wrong shape", "command: kiro-cli", "command: kiro-cli\n      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [zone-a]}}", "spec.agents.kiro.affinity|not a valid Kubernetes affinity" },
        { "envFrom of the wrong shape", "command: kiro-cli", "command: kiro-cli\n      envFrom: [{secretRef: {nam: x}}]", "spec.agents.kiro.envFrom|not a valid Kubernetes list of envFrom sources" },
        { "nodeSelector value a list", "command: kiro-cli", "command: kiro-cli\n      nodeSelector: {zone: [a, b]}", "spec.agents.kiro.nodeSelector.zone|must be a string, got a list" },
        // Identifiers: a line break after '..' is no escape, a leading '-' is no option
        { "path '..' with a trailing newline", "region: eu-west-1}", "region: eu-west-1}\n        paths: [\"..\\n\"]", "spec.agents.kiro.persistence.paths[0]|not allowed" },
        { "exclude '..' with a trailing newline", "region: eu-west-1}", "region: eu-west-1}\n        exclude: [\"a/..\\n\"]", "spec.agents.kiro.persistence.exclude[0]|not allowed" },
        { "output directory '..' with a trailing newline", "spec:\n  agents:", "spec:\n  output: {directory: \"..\\n\"}\n  agents:", "spec.output.directory|not allowed" },
        { "disabled agent key with a newline", "    kiro:\n", "    \"old\\n\": {enabled: false}\n    kiro:\n", "spec.agents.old\\n|contains a control character (U+000A, shown as \\n) at position 4" },
        { "path that is an AWS CLI option", "region: eu-west-1}", "region: eu-west-1}\n        paths: [--delete]", "spec.agents.kiro.persistence.paths[0]|must not start with '-'" },
        { "directory path that is an option", "region: eu-west-1}", "region: eu-west-1}\n        paths: [-x/]", "spec.agents.kiro.persistence.paths[0]|must not start with '-'" },
        { "exclude that is an AWS CLI option", "region: eu-west-1}", "region: eu-west-1}\n        exclude: [--dryrun]", "spec.agents.kiro.persistence.exclude[0]|must not start with '-'" },
        { "endpoint with surrounding spaces", "region: eu-west-1", "region: eu-west-1, endpoint: ' http://minio:9000'", "spec.agents.kiro.persistence.s3.endpoint|http(s) URL" },
        // Limits the API server enforces, reported before apply
        { "label key prefix not a DNS subdomain", "command: kiro-cli", "command: kiro-cli\n      podLabels: {Example.com/team: a}", "spec.agents.kiro.podLabels.Example.com/team|not a valid label key" },
        { "label key with two slashes", "command: kiro-cli", "command: kiro-cli\n      podLabels: {a/b/c: x}", "spec.agents.kiro.podLabels.a/b/c|not a valid label key" },
        { "label key with an empty prefix", "command: kiro-cli", "command: kiro-cli\n      podLabels: {/team: x}", "spec.agents.kiro.podLabels./team|not a valid label key" },
        { "label key name over 63", "command: kiro-cli", $"command: kiro-cli\n      podLabels: {{example.com/{new string('n', 64)}: x}}", $"spec.agents.kiro.podLabels.example.com/{new string('n', 64)}|not a valid label key" },
        { "label key prefix over 253", "command: kiro-cli", $"command: kiro-cli\n      podLabels: {{{LongSubdomain}/team: x}}", $"spec.agents.kiro.podLabels.{LongSubdomain}/team|not a valid label key" },
        { "label value over 63", "command: kiro-cli", $"command: kiro-cli\n      podLabels: {{team: {new string('v', 64)}}}", "spec.agents.kiro.podLabels.team|not a valid label value" },
        { "annotation key prefix over 253", "command: kiro-cli", $"command: kiro-cli\n      podAnnotations: {{{LongSubdomain}/note: x}}", $"spec.agents.kiro.podAnnotations.{LongSubdomain}/note|not a valid annotation key" },
        { "annotation key name over 63", "command: kiro-cli", $"command: kiro-cli\n      podAnnotations: {{{new string('n', 64)}: x}}", $"spec.agents.kiro.podAnnotations.{new string('n', 64)}|not a valid annotation key" },
        { "annotation key with a space", "command: kiro-cli", "command: kiro-cli\n      podAnnotations: {'my note': x}", "spec.agents.kiro.podAnnotations.my note|not a valid annotation key" },
        { "nodeSelector key not a label key", "command: kiro-cli", "command: kiro-cli\n      nodeSelector: {'zone name': a}", "spec.agents.kiro.nodeSelector.zone name|not a valid label key" },
        { "nodeSelector value not a label value", "command: kiro-cli", "command: kiro-cli\n      nodeSelector: {zone: 'eu west'}", "spec.agents.kiro.nodeSelector.zone|not a valid label value" },
        { "working dir is the config directory", "command: kiro-cli", "command: kiro-cli\n      workingDir: /etc/openab", "spec.agents.kiro.workingDir|collides with the function's own mount at `/etc/openab`" },
        { "working dir is /tmp", "command: kiro-cli", "command: kiro-cli\n      workingDir: /tmp", "spec.agents.kiro.workingDir|collides with the function's own mount at `/tmp`" },
        { "working dir below /tmp", "command: kiro-cli", "command: kiro-cli\n      workingDir: /tmp/home", "spec.agents.kiro.workingDir|collides with the function's own mount at `/tmp`" },
        { "working dir above the config", "command: kiro-cli", "command: kiro-cli\n      workingDir: /etc", "spec.agents.kiro.workingDir|collides with the function's own mount at `/etc/openab`" },
        { "working dir is the root", "command: kiro-cli", "command: kiro-cli\n      workingDir: /", "spec.agents.kiro.workingDir|collides with the function's own mount" },
        { "working dir a secret directory", "command: kiro-cli", "command: kiro-cli\n      workingDir: /var/run/secrets/agentset/s3", "spec.agents.kiro.workingDir|collides with the function's own mount at `/var/run/secrets/agentset/s3`" },
        { "working dir with a doubled slash", "command: kiro-cli", "command: kiro-cli\n      workingDir: //tmp", "spec.agents.kiro.workingDir|collides with the function's own mount at `/tmp`" },
        { "volume at a secret directory", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: /var/run/secrets/agentset/git, source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].mountPath|collides with the function's own mount at `/var/run/secrets/agentset/git`" },
        { "volume inside a secret directory", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: /var/run/secrets/agentset/s3/extra, source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].mountPath|collides with the function's own mount at `/var/run/secrets/agentset/s3`" },
        { "volume inside the config directory", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: /etc/openab/extra, source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].mountPath|collides with the function's own mount at `/etc/openab`" },
        { "volume at /tmp with a doubled slash", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: //tmp/, source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].mountPath|collides with the function's own mount at `/tmp`" },
        { "extra mount over a secret directory", "command: kiro-cli", "command: kiro-cli\n      extraVolumes: [{name: ca, configMap: {name: ca}}]\n      extraVolumeMounts: [{name: ca, mountPath: /var/run/secrets}]", "spec.agents.kiro.extraVolumeMounts[0].mountPath|collides with the function's own mount" },
    };

    /// <summary>A DNS subdomain of 254 characters: one over the limit of a label key's prefix.</summary>
    private static readonly string LongSubdomain = string.Join('.', Enumerable.Repeat(new string('a', 50), 5)) + ".abcd";

    // Every identifier field, with a control character appended: `{c}` is where it goes (a YAML
    // double-quoted escape), the path is where the error must be (`{c}` there: the character as
    // messages show it). Trailing, because .NET's `$` matches before a final newline.
    private static readonly (string Name, string Find, string Replace, string Field)[] IdentifierFields =
    [
        ("metadata.name", "metadata: {name: team}", "metadata: {name: \"team{c}\"}", "metadata.name"),
        ("metadata.namespace", "metadata: {name: team}", "metadata: {name: team, namespace: \"prod{c}\"}", "metadata.namespace"),
        ("metadata key", "metadata: {name: team}", "metadata: {name: team, \"namespace{c}\": prod}", "metadata.namespace{c}"),
        ("agent key", "    kiro:\n", "    \"kiro{c}\":\n", "spec.agents.kiro{c}"),
        ("output directory", "spec:\n  agents:", "spec:\n  output: {directory: \"agents{c}\"}\n  agents:", "spec.output.directory"),
        ("command", "command: kiro-cli", "command: \"kiro-cli{c}\"", "spec.agents.kiro.command"),
        ("workingDir", "command: kiro-cli", "command: kiro-cli\n      workingDir: \"/home/agent{c}\"", "spec.agents.kiro.workingDir"),
        ("nameOverride", "command: kiro-cli", "command: kiro-cli\n      nameOverride: \"kiro-bot{c}\"", "spec.agents.kiro.nameOverride"),
        ("image repository", "command: kiro-cli", "command: kiro-cli\n      image: {repository: \"ghcr.io/openabdev/openab{c}\", tag: '1.0'}", "spec.agents.kiro.image.repository"),
        ("image tag", "command: kiro-cli", "command: kiro-cli\n      image: {repository: ghcr.io/openabdev/openab, tag: \"1.0{c}\"}", "spec.agents.kiro.image.tag"),
        ("inline bot token", "botToken: @@TOKEN@@", "botToken: \"@@TOKEN@@{c}\"", "spec.agents.kiro.discord.botToken"),
        ("bot token Secret name", "botToken: @@TOKEN@@", "botTokenSecretRef: {name: \"discord{c}\", key: token}", "spec.agents.kiro.discord.botTokenSecretRef.name"),
        ("bot token Secret key", "botToken: @@TOKEN@@", "botTokenSecretRef: {name: discord, key: \"token{c}\"}", "spec.agents.kiro.discord.botTokenSecretRef.key"),
        ("Discord channel ID", "[\"123456789012345678\"]", "[\"123456789012345678{c}\"]", "spec.agents.kiro.discord.allowedChannels[0]"),
        ("Discord user ID", "allowedChannels: [\"123456789012345678\"]", "allowedChannels: [\"123456789012345678\"]\n        allowedUsers: [\"123456789012345678{c}\"]", "spec.agents.kiro.discord.allowedUsers[0]"),
        ("Discord role ID", "allowedChannels: [\"123456789012345678\"]", "allowedChannels: [\"123456789012345678\"]\n        allowedRoleIds: [\"123456789012345678{c}\"]", "spec.agents.kiro.discord.allowedRoleIds[0]"),
        ("trusted bot ID", "allowedChannels: [\"123456789012345678\"]", "allowedChannels: [\"123456789012345678\"]\n        trustedBotIds: [\"123456789012345678{c}\"]", "spec.agents.kiro.discord.trustedBotIds[0]"),
        ("Slack channel ID", "command: kiro-cli", "command: kiro-cli\n      slack: {enabled: true, botToken: @@SLACK@@, appToken: @@SLACK@@, allowedChannels: [\"C0123456789{c}\"]}", "spec.agents.kiro.slack.allowedChannels[0]"),
        ("Slack user ID", "command: kiro-cli", "command: kiro-cli\n      slack: {enabled: true, botToken: @@SLACK@@, appToken: @@SLACK@@, allowedUsers: [\"U0123456789{c}\"]}", "spec.agents.kiro.slack.allowedUsers[0]"),
        ("Slack app token Secret key", "command: kiro-cli", "command: kiro-cli\n      slack: {enabled: true, botToken: @@SLACK@@, appTokenSecretRef: {name: slack, key: \"app{c}\"}}", "spec.agents.kiro.slack.appTokenSecretRef.key"),
        ("env name", "command: kiro-cli", "command: kiro-cli\n      env: {\"API_URL{c}\": x}", "spec.agents.kiro.env.API_URL{c}"),
        ("inheritEnv name", "command: kiro-cli", "command: kiro-cli\n      inheritEnv: [\"OPENAI_API_KEY{c}\"]", "spec.agents.kiro.inheritEnv[0]"),
        ("secretEnv name", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: \"API_KEY{c}\", secretName: s, secretKey: k}]", "spec.agents.kiro.secretEnv[0].name"),
        ("secretEnv Secret name", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: API_KEY, secretName: \"s{c}\", secretKey: k}]", "spec.agents.kiro.secretEnv[0].secretName"),
        ("secretEnv Secret key", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: API_KEY, secretName: s, secretKey: \"k{c}\"}]", "spec.agents.kiro.secretEnv[0].secretKey"),
        ("S3 bucket", "bucket: team-state", "bucket: \"team-state{c}\"", "spec.agents.kiro.persistence.s3.bucket"),
        ("S3 prefix", "region: eu-west-1}", "region: eu-west-1, prefix: \"team/kiro{c}\"}", "spec.agents.kiro.persistence.s3.prefix"),
        ("S3 region", "region: eu-west-1}", "region: \"eu-west-1{c}\"}", "spec.agents.kiro.persistence.s3.region"),
        ("S3 endpoint", "region: eu-west-1}", "region: eu-west-1, endpoint: \"http://minio:9000{c}\"}", "spec.agents.kiro.persistence.s3.endpoint"),
        ("S3 credentials Secret", "region: eu-west-1}", "region: eu-west-1, credentialsSecret: \"s3-keys{c}\"}", "spec.agents.kiro.persistence.s3.credentialsSecret"),
        ("AWS CLI image tag", "region: eu-west-1}", "region: eu-west-1, image: {tag: \"2.9.19{c}\"}}", "spec.agents.kiro.persistence.s3.image.tag"),
        ("persisted path", "region: eu-west-1}", "region: eu-west-1}\n        paths: [\".kiro/{c}\"]", "spec.agents.kiro.persistence.paths[0]"),
        ("excluded path", "region: eu-west-1}", "region: eu-west-1}\n        exclude: [\".kiro/cache{c}\"]", "spec.agents.kiro.persistence.exclude[0]"),
        ("existingClaim", "region: eu-west-1}", "region: eu-west-1}\n        existingClaim: \"home{c}\"", "spec.agents.kiro.persistence.existingClaim"),
        ("ExternalSecret store", "botToken: @@TOKEN@@", "botTokenExternalSecret: {secretStoreRef: {name: \"vault{c}\"}, remoteKey: k}", "spec.agents.kiro.discord.botTokenExternalSecret.secretStoreRef.name"),
        ("ExternalSecret remote key", "botToken: @@TOKEN@@", "botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: \"discord/token{c}\"}", "spec.agents.kiro.discord.botTokenExternalSecret.remoteKey"),
        ("ExternalSecret property", "botToken: @@TOKEN@@", "botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k, property: \"token{c}\"}", "spec.agents.kiro.discord.botTokenExternalSecret.property"),
        ("workspace repo", "command: kiro-cli", "command: kiro-cli\n      workspace: {repo: \"https://github.com/o/r.git{c}\"}", "spec.agents.kiro.workspace.repo"),
        ("workspace ref", "command: kiro-cli", "command: kiro-cli\n      workspace: {repo: 'https://github.com/o/r.git', ref: \"main{c}\"}", "spec.agents.kiro.workspace.ref"),
        ("workspace Secret name", "command: kiro-cli", "command: kiro-cli\n      workspace: {repo: 'https://github.com/o/r.git', secretRef: {name: \"git{c}\"}}", "spec.agents.kiro.workspace.secretRef.name"),
        ("workspace Secret key", "command: kiro-cli", "command: kiro-cli\n      workspace: {repo: 'https://github.com/o/r.git', secretRef: {name: git, key: \"token{c}\"}}", "spec.agents.kiro.workspace.secretRef.key"),
        ("setup step name", "command: kiro-cli", "command: kiro-cli\n      setup: [{name: \"deps{c}\", image: 'node:22', command: [npm, ci]}]", "spec.agents.kiro.setup[0].name"),
        ("setup step image", "command: kiro-cli", "command: kiro-cli\n      setup: [{name: deps, image: \"node:22{c}\", command: [npm, ci]}]", "spec.agents.kiro.setup[0].image"),
        ("volume name", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: \"data{c}\", mountPath: /data, source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].name"),
        ("volume mount path", "command: kiro-cli", "command: kiro-cli\n      volumes: [{name: data, mountPath: \"/data{c}\", source: {emptyDir: {}}}]", "spec.agents.kiro.volumes[0].mountPath"),
        ("extra volume mount path", "command: kiro-cli", "command: kiro-cli\n      extraVolumes: [{name: ca, configMap: {name: ca}}]\n      extraVolumeMounts: [{name: ca, mountPath: \"/ca{c}\"}]", "spec.agents.kiro.extraVolumeMounts[0].mountPath"),
        ("extra volume ConfigMap name", "command: kiro-cli", "command: kiro-cli\n      extraVolumes: [{name: ca, configMap: {name: \"ca{c}\"}}]", "spec.agents.kiro.extraVolumes[0].configMap.name"),
        ("extra container name", "command: kiro-cli", "command: kiro-cli\n      extraContainers: [{name: \"proxy{c}\", image: 'x:1'}]", "spec.agents.kiro.extraContainers[0].name"),
        ("extra container image", "command: kiro-cli", "command: kiro-cli\n      extraContainers: [{name: proxy, image: \"x:1{c}\"}]", "spec.agents.kiro.extraContainers[0].image"),
        ("image pull Secret", "command: kiro-cli", "command: kiro-cli\n      imagePullSecrets: [{name: \"ghcr{c}\"}]", "spec.agents.kiro.imagePullSecrets[0].name"),
        ("service account", "command: kiro-cli", "command: kiro-cli\n      serviceAccountName: \"kiro{c}\"", "spec.agents.kiro.serviceAccountName"),
        ("priority class", "command: kiro-cli", "command: kiro-cli\n      priorityClassName: \"low{c}\"", "spec.agents.kiro.priorityClassName"),
        ("pod label key", "command: kiro-cli", "command: kiro-cli\n      podLabels: {\"team{c}\": a}", "spec.agents.kiro.podLabels.team{c}"),
        ("pod label value", "command: kiro-cli", "command: kiro-cli\n      podLabels: {team: \"a{c}\"}", "spec.agents.kiro.podLabels.team"),
        ("pod annotation key", "command: kiro-cli", "command: kiro-cli\n      podAnnotations: {\"note{c}\": a}", "spec.agents.kiro.podAnnotations.note{c}"),
        ("nodeSelector key", "command: kiro-cli", "command: kiro-cli\n      nodeSelector: {\"zone{c}\": a}", "spec.agents.kiro.nodeSelector.zone{c}"),
        ("nodeSelector value", "command: kiro-cli", "command: kiro-cli\n      nodeSelector: {zone: \"a{c}\"}", "spec.agents.kiro.nodeSelector.zone"),
        ("toleration key", "command: kiro-cli", "command: kiro-cli\n      tolerations: [{key: \"dedicated{c}\", operator: Exists}]", "spec.agents.kiro.tolerations[0].key"),
        ("resource quantity", "command: kiro-cli", "command: kiro-cli\n      resources: {limits: {memory: \"1Gi{c}\"}}", "spec.agents.kiro.resources.limits.memory"),
        ("cron name", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: \"daily{c}\", schedule: '0 9 * * MON', channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].name"),
        ("cron channel", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: daily, schedule: '0 9 * * MON', channel: \"123456789012345678{c}\", prompt: hi}]", "spec.agents.kiro.cronjobs[0].channel"),
        ("cron schedule", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: daily, schedule: \"0 9 * * MON{c}\", channel: '123456789012345678', prompt: hi}]", "spec.agents.kiro.cronjobs[0].schedule"),
        ("cron time zone", "command: kiro-cli", "command: kiro-cli\n      cronjobs: [{name: daily, schedule: '0 9 * * MON', channel: '123456789012345678', prompt: hi, timezone: \"UTC{c}\"}]", "spec.agents.kiro.cronjobs[0].timezone"),
    ];

    // (YAML escape, how messages and field paths show the character)
    private static readonly (string Yaml, string Shown)[] ControlCharacters =
        [("\\n", "\\n"), ("\\r", "\\r"), ("\\0", "\\0"), ("\\t", "\\t")];

    public static TheoryData<string, string, string, string> ControlCharacterCases
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var (name, find, replace, path) in IdentifierFields)
            {
                foreach (var (yaml, shown) in ControlCharacters)
                    data.Add($"{name} with {shown}", find, replace.Replace("{c}", yaml, StringComparison.Ordinal), path.Replace("{c}", shown, StringComparison.Ordinal) + "|");
            }
            return data;
        }
    }

    /// <summary>Each identifier field, with a trailing newline, CR, NUL or tab: an error on that field.</summary>
    [Theory]
    [MemberData(nameof(ControlCharacterCases))]
    public void A_control_character_in_an_identifier_is_an_error_on_that_field(string name, string find, string replace, string expected) =>
        A_mistake_is_an_error_naming_field_and_file_and_nothing_is_rendered(name, find, replace, expected);

    private static string Document => Template.Replace("{0}", ValidAgent, StringComparison.Ordinal);

    private static string WithSecrets(string yaml) => yaml
        .Replace("@@TOKEN@@", Token, StringComparison.Ordinal)
        .Replace("@@S3KEY@@", S3Key, StringComparison.Ordinal)
        .Replace("@@SLACK@@", SlackToken, StringComparison.Ordinal);

    private static string AgentSet(string body) => WithSecrets(Template.Replace("{0}", body, StringComparison.Ordinal));

    [Fact]
    public void The_base_agent_of_the_table_is_valid()
    {
        Assert.Equal(0, FunctionRunner.RunKrm(AgentSet(ValidAgent)).ExitCode);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_mistake_is_an_error_naming_field_and_file_and_nothing_is_rendered(string name, string find, string replace, string expected)
    {
        Assert.Contains(find, Document, StringComparison.Ordinal);
        var yaml = WithSecrets(Document.Replace(find, replace, StringComparison.Ordinal));
        var run = FunctionRunner.RunKrm(yaml, UserItem);

        var output = ErrorResults.AssertErrorAt(run, expected, name);
        // The input items come back untouched, and nothing is generated.
        Assert.Equal("web", Str(Assert.Single(output.Items), "metadata", "name"));
        // Secret hygiene: inline secrets never appear in results or stderr (the input items do
        // not contain them, and the functionConfig is not echoed).
        SecretHygiene.AssertNotShown(run, Token, S3Key, SlackToken);
    }

    private const string UserItem = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web, annotations: {config.kubernetes.io/path: web.yaml}}
        data: {a: b}
        """;

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var yaml = AgentSet(ValidAgent
            .Replace("maxSessions: 10", "maxSessions: ten", StringComparison.Ordinal)
            .Replace("bucket: team-state", "bucket: \"\"", StringComparison.Ordinal)
            .Replace("[\"123456789012345678\"]", "[\"1\"]", StringComparison.Ordinal));
        var errors = new Output(FunctionRunner.RunKrm(yaml).Output).ResultsOf("error").Select(e => Str(e, "field", "path")).ToList();
        Assert.Contains("spec.agents.kiro.pool.maxSessions", errors);
        Assert.Contains("spec.agents.kiro.persistence.s3.bucket", errors);
        Assert.Contains("spec.agents.kiro.discord.allowedChannels[0]", errors);
    }
}
