using System.Text;
using System.Text.Json;
using AgentSetFn.Api;

namespace AgentSetFn.Checklist;

/// <summary>
/// `agentset checklist -o json`: the same facts as the text, for scripts. The shape is stable
/// (docs/first-day.md documents it): fields are only added, with <see cref="Version"/> raised when
/// one changes meaning. Absent values are null, never left out; lists keep the text's order.
/// </summary>
internal static class ChecklistJson
{
    public const int Version = 1;

    public static string Write(IReadOnlyList<SetChecklist> sets)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // The commands' <placeholders> stay readable; the output is a file or a pipe, never HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            Objects(json, "agentSets", sets, set => WriteSet(json, set));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteSet(Utf8JsonWriter json, SetChecklist set)
    {
        json.WriteString("name", set.Name);
        json.WriteString("namespace", set.Namespace);
        json.WriteString("file", set.File);
        json.WriteStartObject("kubernetes");
        json.WriteString("minimumVersion", set.MinimumKubernetes.ToString());
        Objects(json, "features", set.Features, feature =>
        {
            json.WriteString("version", feature.Version.ToString());
            json.WriteString("feature", feature.Feature);
            Objects(json, "usedBy", feature.Where, place =>
            {
                json.WriteString("deployment", place.Deployment);
                json.WriteString("part", place.Part);
            });
        });
        json.WriteEndObject();

        Objects(json, "customResourceDefinitions", set.Crds, crd =>
        {
            json.WriteString("kind", crd.Kind);
            json.WriteString("apiVersion", crd.ApiVersion);
            Strings(json, "objects", crd.Objects);
        });

        Objects(json, "externalSecrets", set.ExternalSecrets, external =>
        {
            json.WriteString("name", external.Name);
            json.WriteString("agent", external.Agent);
            json.WriteString("apiVersion", external.ApiVersion);
            json.WriteStartObject("store");
            json.WriteString("kind", external.StoreKind);
            json.WriteString("name", external.StoreName);
            json.WriteEndObject();
            Strings(json, "keys", external.Keys);
            json.WriteString("secret", external.Secret);
        });

        Objects(json, "secrets", set.Secrets, secret =>
        {
            json.WriteString("name", secret.Name);
            json.WriteString("type", secret.DockerRegistry ? "kubernetes.io/dockerconfigjson" : "Opaque");
            Strings(json, "keys", secret.Keys);
            json.WriteBoolean("readWhole", secret.WholeSecret);
            Uses(json, secret.Uses);
            json.WriteString("command", secret.Command(set.Namespace));
        });

        Objects(json, "inlineSecrets", set.InlineSecrets, secret =>
        {
            json.WriteString("name", secret.Name);
            json.WriteString("agent", secret.Agent);
            Uses(json, secret.Uses);
        });

        Objects(json, "buckets", set.Buckets, bucket =>
        {
            json.WriteString("bucket", bucket.Bucket);
            json.WriteString("endpoint", bucket.Endpoint);
            json.WriteString("region", bucket.Region);
            Strings(json, "prefixes", bucket.Prefixes);
        });

        Objects(json, "serviceAccounts", set.ServiceAccounts, account =>
        {
            json.WriteString("agent", account.Agent);
            json.WriteString("deployment", account.Deployment);
            json.WriteString("serviceAccount", account.ServiceAccount);
            json.WriteBoolean("rendered", account.Rendered);
        });

        Objects(json, "agents", set.Agents, agent => WriteAgent(json, agent));
    }

    private static void WriteAgent(Utf8JsonWriter json, AgentChecklist agent)
    {
        json.WriteString("name", agent.Key);
        json.WriteString("deployment", agent.Deployment);
        json.WriteString("cli", agent.Cli);
        if (agent.Storage is { } storage)
        {
            json.WriteStartObject("storage");
            json.WriteString("uri", storage.Uri);
            json.WriteString("bucket", storage.Bucket);
            json.WriteString("prefix", storage.Prefix + "/");
            json.WriteString("endpoint", storage.Endpoint);
            json.WriteString("region", storage.Region);
            json.WriteString("credentialsSecret", storage.CredentialsSecret);
            json.WriteString("serviceAccount", storage.ServiceAccount);
            json.WriteString("backup", storage.Backup == BackupMode.Sidecar ? "sidecar" : "preStop");
            json.WriteNumber("syncIntervalSeconds", storage.SyncIntervalSeconds);
            Strings(json, "paths", storage.Paths);
            json.WriteString("who", storage.Who);
            Strings(json, "access", storage.AccessCommands);
            json.WriteString("shared", storage.Shared);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("storage");
        }
        json.WriteString("homeClaim", agent.HomeClaim);
        var login = agent.Login;
        json.WriteStartObject("firstLogin");
        json.WriteBoolean("known", login.Cli is not null);
        json.WriteString("command", login.LoginCommand);
        json.WriteString("steps", login.Cli?.FirstLogin.Steps);
        Objects(json, "files", login.Files, file =>
        {
            json.WriteString("path", file.Path);
            json.WriteBoolean("persisted", file.Persisted);
        });
        json.WriteString("backupLog", login.BackupLog);
        json.WriteString("backedUpLine", login.BackedUpLine);
        Strings(json, "listCommands", login.ListCommands);
        json.WriteString("restartCommand", login.RestartCommand);
        json.WriteString("refresh", login.Refresh);
        Strings(json, "apiKeyVariables", login.Cli?.FirstLogin.ApiKeyVariables ?? []);
        json.WriteString("source", login.Cli?.FirstLogin.Source);
        json.WriteEndObject();
    }

    private static void Uses(Utf8JsonWriter json, IReadOnlyList<SecretUse> uses)
    {
        Objects(json, "usedBy", uses, use =>
        {
            json.WriteString("agent", use.Agent);
            json.WriteString("key", use.Key);
            json.WriteString("field", use.Field);
            json.WriteString("what", use.What);
            json.WriteString("variable", use.Variable);
            json.WriteString("read", use.Read switch
            {
                SecretRead.Key => "key",
                SecretRead.EnvFrom => "envFrom",
                SecretRead.Files => "files",
                _ => "imagePull",
            });
        });
    }

    /// <summary>An array of objects, each written by <paramref name="write"/> between its braces.</summary>
    private static void Objects<T>(Utf8JsonWriter json, string name, IEnumerable<T> items, Action<T> write)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            write(item);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
