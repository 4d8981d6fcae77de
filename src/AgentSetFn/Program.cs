using AgentSetFn.Cli;

// Thin edge: all behaviour lives in AgentSetCli and the pure core behind it.
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };
var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true, NewLine = "\n" };
var exitCode = AgentSetCli.Run(args, new FunctionIo(Console.In, stdout, stderr));
stdout.Flush();
return exitCode;
