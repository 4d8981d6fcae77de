namespace AgentSetFn.Cli;

/// <summary>
/// The streams a command uses; tests substitute their own. Input is bytes: it is checked to be
/// UTF-8 before it becomes text (see <see cref="InputText"/>).
/// </summary>
internal sealed record FunctionIo(Stream Input, TextWriter Output, TextWriter Error);
