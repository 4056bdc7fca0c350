using Microsoft.DurableTask;

namespace Marketplace.DurableHosting.Benchmarks;

/// <summary>HelloCities5: five sequential activity calls.</summary>
internal sealed class HelloCitiesOrchestrator : TaskOrchestrator<string?, List<string>>
{
    public override async Task<List<string>> RunAsync(TaskOrchestrationContext context, string? input)
    {
        var results = new List<string>(5);
        foreach (var city in (string[])["Tokyo", "Seattle", "London", "Cairo", "Lima"])
        {
            results.Add(await context.CallActivityAsync<string>(nameof(SayHelloActivity), city));
        }

        return results;
    }
}

/// <summary>The activity of HelloCities: returns a greeting.</summary>
internal sealed class SayHelloActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"Hello {input}!");
}
