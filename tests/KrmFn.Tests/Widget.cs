using System.Text.Json.Serialization;

namespace KrmFn.Tests;

/// <summary>A typed resource a test function generates; <see cref="Reads"/> counts how often it is serialised.</summary>
public sealed class Widget
{
    private string _script = "echo hi\n";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "example.com/v1";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "Widget";
    [JsonPropertyName("metadata")] public WidgetMetadata Metadata { get; set; } = new();

    [JsonPropertyName("script")]
    public string Script
    {
        get
        {
            Reads++;
            return _script;
        }
        set => _script = value;
    }

    [JsonIgnore] public int Reads { get; private set; }
}

public sealed class WidgetMetadata
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Widget))]
[JsonSerializable(typeof(string))]
internal sealed partial class WidgetJson : JsonSerializerContext;
