namespace AgentSetFn.Api;

// The descriptor types of the AgentSet API catalog (AgentSetApi). A field says what it holds,
// its limits, its default and what it means; the reader, the JSON Schema and the reference's field
// table are all derived from these descriptors, so a field is declared once.

/// <summary>One field of the AgentSet: a name and what it holds. Nameless when it is a list item or map value.</summary>
internal abstract record Field(string Name)
{
    /// <summary>What the field means, for users (Markdown: backticks and links relative to docs/).</summary>
    public string Description { get; init; } = "";
    /// <summary>The schema requires it (the reader's own "is required" errors say why).</summary>
    public bool Required { get; init; }
    /// <summary>It holds a credential: never echoed in a message, a result or a non-Secret object.</summary>
    public bool Secret { get; init; }
    /// <summary>The schema shares this field's type under #/definitions/&lt;Definition&gt;.</summary>
    public string? Definition { get; init; }
    /// <summary>The default, as written in YAML; null when the field has none of its own.</summary>
    public virtual string? DefaultText => null;

    protected InvalidOperationException NoDefault() => new($"the AgentSet field `{Name}` has no default");
}

/// <summary>A string: an identifier (name, key, path, ID, URL, token), or free text when <see cref="Text"/>.</summary>
internal sealed record StringField(string Name) : Field(Name)
{
    /// <summary>Free text (AGENTS.md, a prompt, a command's arguments): tabs and line breaks are part of it.</summary>
    public bool Text { get; init; }
    public string? Pattern { get; init; }
    public int? MaxLength { get; init; }
    public string? Default { get; init; }
    public override string? DefaultText => Default;
    public string DefaultValue => Default ?? throw NoDefault();
}

/// <summary>An integer between <paramref name="Min"/> and <paramref name="Max"/>, inclusive.</summary>
internal sealed record IntField(string Name, int Min, int Max) : Field(Name)
{
    public int? Default { get; init; }
    public override string? DefaultText => Default?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public int DefaultValue => Default ?? throw NoDefault();
}

internal sealed record BoolField(string Name) : Field(Name)
{
    public bool? Default { get; init; }
    public override string? DefaultText => Default switch { true => "true", false => "false", null => null };
    public bool DefaultValue => Default ?? throw NoDefault();
}

/// <summary>A string out of a closed set, spelled exactly.</summary>
internal sealed record EnumField(string Name, IReadOnlyList<string> Values) : Field(Name)
{
    public string? Default { get; init; }
    public override string? DefaultText => Default;
    public string DefaultValue => Default ?? throw NoDefault();
}

/// <summary>A list; <paramref name="Item"/> (nameless) describes each entry.</summary>
internal sealed record ListField(string Name, Field Item) : Field(Name);

/// <summary>A mapping of names to values; <paramref name="Value"/> (nameless) describes each value.</summary>
internal sealed record MapField(string Name, Field Value) : Field(Name)
{
    public int MinCount { get; init; }
}

/// <summary>A mapping with known fields, in the order the reader lists them in its messages.</summary>
internal sealed record ObjectField(string Name, IReadOnlyList<Field> Fields) : Field(Name)
{
    /// <summary>Set: Kubernetes fields of this type are taken besides <see cref="Fields"/> (livenessProbe: Probe).</summary>
    public string? KubernetesType { get; init; }
    /// <summary>False: other fields are not the function's to restrict (metadata).</summary>
    public bool Closed { get; init; } = true;

    /// <summary>Whether unknown fields are errors.</summary>
    public bool RejectsUnknownFields => Closed && KubernetesType is null;

    public IEnumerable<string> Names => Fields.Select(f => f.Name);

    /// <summary>This object with <paramref name="field"/> appended (how a new field is added).</summary>
    public ObjectField With(Field field) => this with { Fields = [.. Fields, field] };
}

/// <summary>
/// A field with a Kubernetes type (Toleration, Container...), read through the Kubernetes models:
/// its shape is theirs, so the schema only says object or array.
/// </summary>
/// <param name="KubernetesType">The Kubernetes type's name, e.g. Toleration.</param>
/// <param name="Shape">How the reader's errors name it: "is not a valid Kubernetes {Shape}".</param>
internal sealed record KubernetesField(string Name, string KubernetesType, string Shape, bool List = false) : Field(Name);

/// <summary>A Kubernetes quantity (500m, 2Gi): an integer or a string.</summary>
internal sealed record QuantityField(string Name) : Field(Name);
