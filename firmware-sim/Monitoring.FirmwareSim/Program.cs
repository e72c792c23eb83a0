using System.CommandLine;
using Monitoring.FirmwareSim.Cli;

// Ctrl-C cancels the running mode, which publishes `offline` for every device and disconnects;
// the process is ended only if that takes longer than this.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) };
return await SimulatorCli.Create(Console.Out, TimeProvider.System).Parse(args).InvokeAsync(invocation);
