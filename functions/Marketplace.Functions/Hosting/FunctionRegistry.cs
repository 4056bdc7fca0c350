using System.Reflection;
using System.Text.RegularExpressions;
using Marketplace.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Every function the app declares with <see cref="FunctionAttribute"/>, read from the code: HTTP functions (route and
/// methods), queue functions (the queue, with this app's storage prefix) and durable functions (orchestrators and
/// activities). The self-host serves and polls from it, the poison admin looks queues up in it, and a test checks the
/// Functions build's functions.metadata against it.
/// </summary>
public sealed partial class FunctionRegistry
{
    private FunctionRegistry(
        IReadOnlyList<HttpFunctionDefinition> http, IReadOnlyList<QueueFunctionDefinition> queue, IReadOnlyList<DurableFunctionDefinition> durable)
    {
        Http = http;
        _httpByName = http.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Queue = queue;
        Durable = durable;
    }

    private readonly Dictionary<string, HttpFunctionDefinition> _httpByName;

    public IReadOnlyList<HttpFunctionDefinition> Http { get; }

    public IReadOnlyList<QueueFunctionDefinition> Queue { get; }

    public IReadOnlyList<DurableFunctionDefinition> Durable { get; }

    /// <summary>The functions of <paramref name="assembly"/>; queue names carry <paramref name="names"/>' prefix.</summary>
    public static FunctionRegistry FromAssembly(Assembly assembly, StorageNames names) => FromAssemblies([assembly], names);

    /// <summary>The functions of every one of <paramref name="assemblies"/> (tests add probes of their own).</summary>
    public static FunctionRegistry FromAssemblies(IEnumerable<Assembly> assemblies, StorageNames names)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        ArgumentNullException.ThrowIfNull(names);
        var http = new List<HttpFunctionDefinition>();
        var queue = new List<QueueFunctionDefinition>();
        var durable = new List<DurableFunctionDefinition>();
        var methods = assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(f => f.Function is not null)
            .OrderBy(f => f.Function!.Name, StringComparer.Ordinal);
        foreach (var (method, function) in methods)
        {
            var name = function!.Name;
            var trigger = method.GetParameters().SelectMany(p => p.GetCustomAttributes()).FirstOrDefault(a => a is
                HttpTriggerAttribute or QueueTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute);
            switch (trigger)
            {
                case HttpTriggerAttribute h:
                    http.Add(new HttpFunctionDefinition(name, h.Route ?? name, [.. (h.Methods ?? []).Select(v => v.ToUpperInvariant())], method));
                    break;
                case QueueTriggerAttribute q:
                    queue.Add(new QueueFunctionDefinition(name, names.Queue(q.QueueName), method));
                    break;
                case OrchestrationTriggerAttribute:
                    durable.Add(new DurableFunctionDefinition(name, IsOrchestrator: true, method));
                    break;
                case ActivityTriggerAttribute:
                    durable.Add(new DurableFunctionDefinition(name, IsOrchestrator: false, method));
                    break;
                default:
                    throw new InvalidOperationException($"Function '{name}' ({method.DeclaringType?.Name}.{method.Name}) has no trigger this app knows.");
            }
        }

        var registry = new FunctionRegistry(http, queue, durable);
        registry.Validate();
        return registry;
    }

    /// <summary>The HTTP function named <paramref name="name"/> (as the host names the invocation), or null.</summary>
    public HttpFunctionDefinition? FindHttp(string name) => _httpByName.GetValueOrDefault(name);

    public QueueFunctionDefinition? FindByQueue(string queueName) =>
        Queue.FirstOrDefault(f => string.Equals(f.QueueName, queueName, StringComparison.Ordinal));

    private void Validate()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Http.Select(f => f.Name).Concat(Queue.Select(f => f.Name)).Concat(Durable.Select(f => f.Name)))
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

        foreach (var function in Queue.GroupBy(f => f.QueueName).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"Queue '{function.Key}' triggers more than one function; give each function its own queue.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();
}
