using Monitoring.Hub.Benchmarks;

// "compare <folder>": the table of scripts/bench-compare.sh from its runs' JSON; otherwise one run of scripts/bench.sh.
if (args is ["compare", var folder])
{
    return await BenchCompare.RunAsync(folder, Console.Out);
}

var settings = BenchSettings.FromEnvironment();
return await new BenchRun(settings, Console.Out).RunAsync();
