// HelloCities5 on the engine the self-host runs (DurableTask.AzureStorage through Microsoft.DurableTask's shims), against a
// private Azurite with its data on disk: N orchestrations of five sequential activity calls, the shape of Durable
// Functions' published benchmark. The engine runs with the product's settings (DurableHostingOptions' defaults) except the
// partition count (--partitions, 4 as the product). Prints Azurite's raw rates in the same run, since figures here
// depend on the machine and its load.
// Usage: dotnet run -c Release --project tests/Marketplace.DurableHosting.Benchmarks -- [--count N] [--partitions P] [--connection-string S]
using System.Diagnostics;
using System.Globalization;
using DurableTask.AzureStorage;
using Marketplace.DurableHosting;
using Marketplace.DurableHosting.Benchmarks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Testing;

var count = Arg("--count", 1000);
var partitions = Arg("--partitions", 4);
var connectionString = args.SkipWhile(a => a != "--connection-string").Skip(1).FirstOrDefault();
await using var azurite = connectionString is null ? await AzuriteProcess.StartOnDiskAsync() : null;
connectionString ??= azurite!.Endpoints.ConnectionString;
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}" +
    (File.Exists("/proc/loadavg") ? $"; load average {File.ReadAllText("/proc/loadavg").Trim()}" : ""));
Console.WriteLine(azurite is null ? "Azurite: given by --connection-string." : $"Azurite: private, data on disk in {azurite.DataDirectory}.");
Console.WriteLine(await AzuriteRawRates.MeasureAsync(connectionString));

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration["DurableTask:TaskHubName"] = "hello" + Guid.NewGuid().ToString("N")[..8];
builder.Configuration["DurableTask:PartitionCount"] = partitions.ToString(CultureInfo.InvariantCulture);
builder.Configuration["DurableTask:SystemKey"] = "benchmark-system-key-not-a-secret-0123456789";
builder.Services.AddDurableHosting(_ => new StorageAccountClientProvider(connectionString));
builder.Services.AddOrchestrator<HelloCitiesOrchestrator>().AddActivity<SayHelloActivity>();
using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<DurableTaskClient>();
var engine = host.Services.GetRequiredService<IOptions<DurableHostingOptions>>().Value;
Console.WriteLine($"Engine: DurableTask.AzureStorage, {engine.PartitionCount} partitions, queue polling at most every {engine.MaxQueuePollingInterval.TotalSeconds:0.###} s, " +
    $"message visibility timeout {engine.MessageVisibilityTimeout.TotalSeconds:0} s, extended sessions {(engine.ExtendedSessionsEnabled ? "on" : "off")}, " +
    $"at most {engine.MaxConcurrentActivities} activities and {engine.MaxConcurrentOrchestrations} orchestrator steps at once.");

var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    await client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloCitiesOrchestrator), cancellation: ct));
var scheduled = clock.Elapsed;
int completed;
do
{
    await Task.Delay(500);
    completed = 0;
    await foreach (var _ in client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], PageSize: 1000)))
    {
        completed++;
    }
}
while (completed < count && clock.Elapsed < TimeSpan.FromMinutes(30));
var seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"hello-cities: {count} orchestrations x 5 activities, {partitions} partitions; scheduled in {scheduled.TotalSeconds:F1} s; {completed}/{count} Completed after {seconds:F1} s.");
Console.WriteLine($"  activity calls/s: {count * 5 / seconds:F1}; orchestrations/s: {count / seconds:F1}");
await host.StopAsync();
return completed == count ? 0 : 1;

int Arg(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
