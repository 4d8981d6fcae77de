namespace AgentSetFn.Cli;

/// <summary>The streams and file system a command uses; tests substitute their own.</summary>
internal sealed record FunctionIo(TextReader Input, TextWriter Output, TextWriter Error);
