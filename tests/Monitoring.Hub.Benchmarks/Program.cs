using Monitoring.Hub.Benchmarks;

var settings = BenchSettings.FromEnvironment();
return await new BenchRun(settings, Console.Out).RunAsync();
