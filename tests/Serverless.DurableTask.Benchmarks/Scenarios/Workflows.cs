using System.Collections.Concurrent;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>Where orchestrators report progress to the benchmark (a singleton; keyed by instance id so replays count once).</summary>
internal sealed class BenchmarkProbe
{
    public ConcurrentDictionary<string, TimeSpan> Done { get; } = new(StringComparer.Ordinal);

    /// <summary>Due time of each fired timer (by instance), to see when late timers were due.</summary>
    public ConcurrentDictionary<string, DateTime> Due { get; } = new(StringComparer.Ordinal);

    /// <summary>Instances whose first step ran (their timer is being committed).</summary>
    public ConcurrentDictionary<string, bool> Started { get; } = new(StringComparer.Ordinal);
}

/// <summary>The activity of HelloCities: returns a greeting.</summary>
internal sealed class SayHelloActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"Hello {input}!");
}

/// <summary>HelloCities5: five sequential activity calls (the shape of Durable Functions' published benchmark).</summary>
internal sealed class HelloCitiesOrchestrator(BenchmarkProbe probe) : TaskOrchestrator<string?, List<string>>
{
    public override async Task<List<string>> RunAsync(TaskOrchestrationContext context, string? input)
    {
        var results = new List<string>(5);
        foreach (string city in (string[])["Tokyo", "Seattle", "London", "Cairo", "Lima"])
        {
            results.Add(await context.CallActivityAsync<string>(nameof(SayHelloActivity), city));
        }

        if (!context.IsReplaying)
        {
            probe.Done.TryAdd(context.InstanceId, TimeSpan.Zero);
        }

        return results;
    }
}

/// <summary>Waits for one durable timer due at the time in its input and records how late it fired.</summary>
internal sealed class TimerOrchestrator(BenchmarkProbe probe, TimeProvider time) : TaskOrchestrator<DateTime, bool>
{
    public override async Task<bool> RunAsync(TaskOrchestrationContext context, DateTime input)
    {
        probe.Started.TryAdd(context.InstanceId, true);
        await context.CreateTimer(input, CancellationToken.None);
        if (!context.IsReplaying)
        {
            // The wall clock when the orchestrator resumes after the timer: what a user waiting on it would see.
            probe.Due.TryAdd(context.InstanceId, input);
            probe.Done.TryAdd(context.InstanceId, time.GetUtcNow().UtcDateTime - input);
        }

        return true;
    }
}
