using YamlDotNet.RepresentationModel;

namespace KrmFn;

/// <summary>
/// One item of the input. <see cref="Resource"/> is what a function may read of it: the whole
/// item as nodes, or, when the item's text is copied to the output byte for byte, a mapping of
/// only its apiVersion, kind and metadata name, namespace and annotations, which is all a
/// function needs of an item it passes through or replaces (ownership, clashes, its file);
/// <see cref="Whole"/> reads the rest when it is needed.
/// </summary>
public sealed record ResourceItem
{
    /// <summary>An item held as nodes, written back from them.</summary>
    public ResourceItem(YamlNode resource) => Resource = resource;

    internal ResourceItem(YamlNode resource, ItemText? text)
    {
        Resource = resource;
        Text = text;
    }

    public YamlNode Resource { get; }

    /// <summary>The item's own lines in the input when they are copied to the output; null when it is written from <see cref="Resource"/>.</summary>
    internal ItemText? Text { get; }

    /// <summary>
    /// The whole of the item as nodes: an item copied as text was read for its identity only,
    /// so its text is read again (its own lines: one list entry). Null when it is not a mapping
    /// or its text does not stand alone (an alias to another item's anchor).
    /// </summary>
    public YamlMappingNode? Whole()
    {
        if (Text is not { } text) return Resource as YamlMappingNode;
        try
        {
            return ResourceListIo.ParseDocuments(text.Source[text.Start..text.End]) is [YamlSequenceNode { Children: [YamlMappingNode whole] }] ? whole : null;
        }
        catch (KrmInputException)
        {
            return null;
        }
    }
}
