// Reply-deadline benchmark: opens N deadlines (default 10 000) on a private Azurite with the real
// ReplyDeadlineOrchestrator and Azure Storage backend, each with one reminder and a deadline spread over
// a window, nobody replying. It reports how late reminders and breaches were recorded against their
// scheduled instants (p50/p99/max), how fast deadlines were opened, and process memory while they are all
// pending. With --measured M, only the first M deadlines fall due in the window; the rest are due hours
// later and stay open (pending, parked) throughout, so a large open set is measured at a sustainable rate.
// Usage: scripts/bench-deadlines.sh [--count N] [--measured M] [--lead SECONDS] [--spread SECONDS]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask;
using Serverless.DurableTask.AzureStorage;
using Serverless.Testing;

var count = Arg("--count", 10_000);
var measured = Math.Min(count, Arg("--measured", count));
var lead = TimeSpan.FromSeconds(Arg("--lead", 90));
var spread = TimeSpan.FromSeconds(Arg("--spread", 60));
var reminderBefore = TimeSpan.FromSeconds(20);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC: {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"Run: {count} deadlines, {measured} of them due from {lead.TotalSeconds:0} s after start, spread over {spread.TotalSeconds:0} s, reminder {reminderBefore.TotalSeconds:0} s before; the rest due in 3 h");

await using var azurite = await AzuriteProcess.StartAsync();
var recorder = new LatenessRecorder();
var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
services.AddSingleton(TimeProvider.System);
services.AddSingleton<IDeadlineRecords>(recorder);
services.AddSingleton<ISellerWebhooks>(new NoWebhooks());
services.AddSingleton<IConversationReplies>(new NobodyReplies());
services.AddHttpClient<NotifySellerActivity>();
services.AddDurableTask(durable => durable
    .UseAzureStorageBackend(options => options.ConnectionString = azurite.Endpoints.ConnectionString)
    .AddOrchestrator<ReplyDeadlineOrchestrator>()
    .AddActivity<RecordDeadlineActivity>()
    .AddActivity<CheckReplyActivity>()
    .AddActivity<NotifySellerActivity>());
services.Configure<DurableTaskOptions>(options =>
{
    options.TaskHubName = "DeadlineBench";
    options.SystemKey = "benchmark-system-key-0123456789abcdef";
});
await using var provider = services.BuildServiceProvider();
var hosted = provider.GetServices<IHostedService>().ToList();
foreach (var service in hosted)
{
    await service.StartAsync(CancellationToken.None);
}

var client = provider.GetRequiredService<DurableTaskClient>();
var start = DateTimeOffset.UtcNow;
var opening = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
{
    var due = i < measured ? start + lead + spread * i / measured : start + TimeSpan.FromHours(3);
    var input = new ReplyDeadlineInput($"bench~o~{i}", "amazon", $"s-{i % 100}", start, start, due, [due - reminderBefore], due + TimeSpan.FromHours(1));
    await client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyDeadlineOrchestrator), input,
        new StartOrchestrationOptions { InstanceId = ReplyDeadlineOrchestrator.InstanceIdFor(input.ConversationId, start) }, ct);
});
Console.WriteLine($"Opened {count} deadlines in {opening.Elapsed.TotalSeconds:0.0} s ({count / opening.Elapsed.TotalSeconds:0}/s)");
if (opening.Elapsed > lead - reminderBefore)
{
    Console.WriteLine("Warning: opening took longer than the lead before the first reminder; early reminders are late by construction. Raise --lead.");
}

var memory = new MemorySampler();
var deadline = DateTime.UtcNow + lead + spread + TimeSpan.FromMinutes(5);
var allOpen = false;
while ((recorder.Reminders.Count < measured || recorder.Breaches.Count < measured) && DateTime.UtcNow < deadline)
{
    memory.Sample();
    if (!allOpen && recorder.Opened >= count)
    {
        allOpen = true;
        var openedAfter = DateTimeOffset.UtcNow - start;
        Console.WriteLine($"All {count} deadlines recorded as open after {openedAfter.TotalSeconds:0} s" +
            (openedAfter > lead - reminderBefore ? " (after the first reminder was due: raise --lead to measure a settled system)" : "."));
    }

    await Task.Delay(500);
}

Console.WriteLine();
Report("Reminder lateness", recorder.Reminders, measured);
Report("Deadline (breach) lateness", recorder.Breaches, measured);
Console.WriteLine($"Process memory while {count} deadlines were pending: working set peak {memory.PeakWorkingSetMb:0} MB, managed heap peak {memory.PeakHeapMb:0} MB");
foreach (var service in hosted)
{
    await service.StopAsync(CancellationToken.None);
}

return 0;

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static void Report(string what, ConcurrentBag<TimeSpan> lateness, int expected)
{
    var sorted = lateness.Order().ToList();
    if (sorted.Count == 0)
    {
        Console.WriteLine($"{what}: none recorded");
        return;
    }

    TimeSpan At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
    Console.WriteLine($"{what} ({sorted.Count}/{expected}): p50 {At(0.5).TotalMilliseconds:0} ms, p99 {At(0.99).TotalMilliseconds:0} ms, max {sorted[^1].TotalMilliseconds:0} ms");
}

/// <summary>Records, in wall-clock time, how late each reminder and breach was recorded against its scheduled instant.</summary>
internal sealed class LatenessRecorder : IDeadlineRecords
{
    public ConcurrentBag<TimeSpan> Reminders { get; } = [];

    public ConcurrentBag<TimeSpan> Breaches { get; } = [];

    private int _opened;

    /// <summary>Deadlines whose "opened" record is written (their orchestration ran its first steps).</summary>
    public int Opened => Volatile.Read(ref _opened);

    public Task ApplyAsync(DeadlineUpdate update, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        switch (update.Kind)
        {
            case DeadlineUpdateKind.Opened:
                Interlocked.Increment(ref _opened);
                break;
            // No webhook is configured, so each reminder ends as "not delivered": recorded right after the timer fired.
            case DeadlineUpdateKind.NotificationFailed when update.Detail!.StartsWith(nameof(SellerNotificationKind.Reminder), StringComparison.Ordinal):
                Reminders.Add(now - update.Deadline.RemindAt[0]);
                break;
            case DeadlineUpdateKind.Breached:
                Breaches.Add(now - update.Deadline.DueAt);
                break;
        }

        return Task.CompletedTask;
    }
}

/// <summary>No seller has a webhook: the benchmark measures the engine and storage, not HTTP.</summary>
internal sealed class NoWebhooks : ISellerWebhooks
{
    public Task<SellerWebhookEndpoint?> GetAsync(string marketplace, string sellerId, CancellationToken cancellationToken) =>
        Task.FromResult<SellerWebhookEndpoint?>(null);
}

/// <summary>Peak working set and managed heap, sampled.</summary>
internal sealed class MemorySampler
{
    public double PeakWorkingSetMb { get; private set; }

    public double PeakHeapMb { get; private set; }

    public void Sample()
    {
        using var process = Process.GetCurrentProcess();
        PeakWorkingSetMb = Math.Max(PeakWorkingSetMb, process.WorkingSet64 / 1048576.0);
        PeakHeapMb = Math.Max(PeakHeapMb, GC.GetTotalMemory(false) / 1048576.0);
    }
}

/// <summary>Nobody replies in this benchmark: every check finds the conversation still waiting.</summary>
internal sealed class NobodyReplies : IConversationReplies
{
    public Task<DeadlineResolution?> FindResolutionAsync(string conversationId, DateTimeOffset firstUnansweredAt, CancellationToken cancellationToken) =>
        Task.FromResult<DeadlineResolution?>(null);
}
