using Serverless.DurableTask.Benchmarks;
using Serverless.DurableTask.Benchmarks.Scenarios;
using Serverless.Testing;

var arguments = BenchmarkArguments.Parse(args);
AzuriteProcess? azurite = null;
string connectionString = arguments.ConnectionString ?? string.Empty;
if (arguments.ConnectionString is null)
{
    azurite = await AzuriteProcess.StartOnDiskAsync();
    connectionString = azurite.Endpoints.ConnectionString;
    Console.WriteLine($"Started a private Azurite (data on disk, in a temporary folder) on ports {azurite.Endpoints.BlobPort}/{azurite.Endpoints.QueuePort}/{azurite.Endpoints.TablePort}.");
}

try
{
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, concurrency {arguments.Concurrency}.");
    switch (arguments.Scenario)
    {
        case "hello-cities":
            Console.WriteLine(await AzuriteRawRates.MeasureAsync(connectionString));
            await HelloCitiesScenario.RunAsync(connectionString, arguments.Count ?? 1000, arguments.Concurrency, arguments.QueuesOnly);
            break;
        case "timers":
            await TimersScenario.RunAsync(connectionString, arguments.Count ?? 10_000, arguments.Concurrency, arguments.LeadSeconds, arguments.WindowSeconds, arguments.Background);
            break;
        case "memory":
            await MemoryScenario.RunAsync(connectionString, arguments.Count ?? 100_000, arguments.Concurrency);
            break;
        default:
            Console.Error.WriteLine($"Unknown scenario '{arguments.Scenario}' (hello-cities, timers, memory).");
            return 2;
    }
}
finally
{
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }
}

return 0;
