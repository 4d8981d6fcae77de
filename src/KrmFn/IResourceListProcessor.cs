namespace KrmFn;

/// <summary>
/// A KRM function's logic: a ResourceList in, the output ResourceList's contents out (kpt's
/// fn.ResourceListProcessor, kyaml's framework.ResourceListProcessor). It reads its typed
/// config from <see cref="ResourceList.FunctionConfig"/>, does no I/O, and reports every
/// problem as a result; <see cref="KrmFunction.Run"/> does the reading and writing.
/// </summary>
public interface IResourceListProcessor
{
    ResourceListOutput Process(ResourceList input);
}
