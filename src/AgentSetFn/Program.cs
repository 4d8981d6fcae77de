using System.Text;
using AgentSetFn.Cli;

// Thin edge: all behaviour lives in AgentSetCli and the pure core behind it.
var (input, output, error) = StandardStreams.Open();
var stdout = new StreamWriter(output, new UTF8Encoding(false), 16 * 1024) { AutoFlush = false, NewLine = "\n" };
var stderr = new StreamWriter(error) { AutoFlush = true, NewLine = "\n" };
return AgentSetCli.Run(args, new FunctionIo(input, stdout, stderr));
