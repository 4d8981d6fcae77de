using YamlDotNet.RepresentationModel;

namespace KrmFn;

/// <summary>A ResourceList as read from stdin: the items as read, untouched, and the functionConfig (null when there is none).</summary>
public sealed record ResourceList(IReadOnlyList<ResourceItem> Items, YamlMappingNode? FunctionConfig);
