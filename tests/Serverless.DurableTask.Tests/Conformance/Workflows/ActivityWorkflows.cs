namespace Serverless.DurableTask.Tests.Conformance.Workflows;

// Feature slice: activities in sequence, fan-out/fan-in and retries.

public sealed class SayHelloActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"Hello {input}!");
}

public sealed class SquareActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input * input);
}

public sealed class HelloSequenceOrchestrator : TaskOrchestrator<string[], List<string>>
{
    public override async Task<List<string>> RunAsync(TaskOrchestrationContext context, string[] input)
    {
        var results = new List<string>();
        foreach (var city in input)
        {
            results.Add(await context.CallActivityAsync<string>(nameof(SayHelloActivity), city));
        }

        return results;
    }
}

public sealed class FanOutOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var tasks = Enumerable.Range(1, input).Select(i => context.CallActivityAsync<int>(nameof(SquareActivity), i)).ToList();
        int[] squares = await Task.WhenAll(tasks);
        return squares.Sum();
    }
}

/// <summary>Counts calls and keys of <see cref="FlakyActivity"/> across the test (registered as a singleton).</summary>
public sealed class CallRecorder
{
    private readonly List<string> _keys = [];

    public int FailuresBeforeSuccess { get; set; }

    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_keys)
            {
                return _keys.ToList();
            }
        }
    }

    public int Record(string key)
    {
        lock (_keys)
        {
            _keys.Add(key);
            return _keys.Count;
        }
    }
}

public sealed class FlakyActivity(CallRecorder recorder) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        int call = recorder.Record(context.IdempotencyKey);
        if (call <= recorder.FailuresBeforeSuccess)
        {
            throw new InvalidOperationException($"Flaky failure #{call}");
        }

        return Task.FromResult($"{input} after {call} calls");
    }
}

public sealed record RetryInput(int MaxAttempts);

public sealed class RetryOrchestrator : TaskOrchestrator<RetryInput, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, RetryInput input)
        => context.CallActivityAsync<string>(
            nameof(FlakyActivity),
            "done",
            TaskOptions.FromRetryPolicy(new RetryPolicy(input.MaxAttempts, TimeSpan.FromMinutes(1), backoffCoefficient: 2.0)));
}
