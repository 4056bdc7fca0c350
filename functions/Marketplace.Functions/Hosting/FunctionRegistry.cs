using System.Text.RegularExpressions;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Every function the app has, declared once: HTTP functions from <see cref="HttpFunctions"/>, queue
/// functions from DI (<see cref="IQueueFunction"/>). The function.json files, the custom-handler routes and
/// the self-hosted poller are all derived from it.
/// </summary>
public sealed partial class FunctionRegistry
{
    public FunctionRegistry(IReadOnlyList<HttpFunctionDefinition> http, IReadOnlyList<QueueFunctionDefinition> queue)
    {
        Http = http;
        Queue = queue;
        Validate();
    }

    public IReadOnlyList<HttpFunctionDefinition> Http { get; }

    public IReadOnlyList<QueueFunctionDefinition> Queue { get; }

    /// <summary>The registry of this app: the declared HTTP functions and the queue functions registered in DI.</summary>
    public static FunctionRegistry FromServices(IServiceProvider services)
    {
        // Queue functions may be scoped; their names and queues come from settings, so reading them once is enough.
        using var scope = services.CreateScope();
        var queue = scope.ServiceProvider.GetServices<IQueueFunction>()
            .Select(f => new QueueFunctionDefinition(f.Name, f.QueueName, f.SelfHostedPolling))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
        return new FunctionRegistry(HttpFunctions.All, queue);
    }

    public QueueFunctionDefinition? FindQueueFunction(string name) =>
        Queue.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public QueueFunctionDefinition? FindByQueue(string queueName) =>
        Queue.FirstOrDefault(f => string.Equals(f.QueueName, queueName, StringComparison.Ordinal));

    private void Validate()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Http.Select(f => f.Name).Concat(Queue.Select(f => f.Name)))
        {
            if (!FunctionName().IsMatch(name))
            {
                throw new InvalidOperationException($"Function name '{name}' must be letters, digits, '-' or '_', starting with a letter.");
            }

            if (!names.Add(name))
            {
                throw new InvalidOperationException($"Two functions are named '{name}'; function names must be unique.");
            }
        }

        // A queue function is invoked at POST /{Name}; it must not shadow the first segment of an HTTP route.
        var firstSegments = Http.Select(f => f.Route.Split('/')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var function in Queue.Where(f => firstSegments.Contains(f.Name)))
        {
            throw new InvalidOperationException($"Queue function '{function.Name}' collides with an HTTP route that starts with '{function.Name}/'.");
        }

        foreach (var function in Queue.GroupBy(f => f.QueueName).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"Queue '{function.Key}' triggers more than one function; give each function its own queue.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();
}
