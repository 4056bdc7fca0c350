using System.Reflection;
using Marketplace.DurableHosting;
using Marketplace.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Marketplace.Functions.SelfHost;

/// <summary>
/// Registers every orchestrator and activity function of the app with the self-hosted engine, so the engine runs the
/// function methods themselves (the same wrappers the Durable extension calls in Azure), under their function names.
/// </summary>
internal static class DurableFunctionAdapters
{
    public static IServiceCollection AddDurableFunctions(this IServiceCollection services, FunctionRegistry registry)
    {
        foreach (var function in registry.Durable)
        {
            var invoker = FunctionMethodInvoker.For(function.Method);
            var output = ResultType(function.Method);
            if (function.IsOrchestrator)
            {
                var input = OrchestratorInputType(function);
                services.AddOrchestrator(function.Name, _ => new FunctionOrchestrator(invoker, input, output));
            }
            else
            {
                var input = function.Method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null).ParameterType;
                services.AddActivity(function.Name, sp => new FunctionActivity(invoker, sp.GetRequiredService<IServiceScopeFactory>(), input, output));
            }
        }

        return services;
    }

    /// <summary>
    /// The input type of the <c>TaskOrchestrator&lt;TInput, TOutput&gt;</c> an orchestrator function wraps (functions are
    /// named after their class): the shim hands the wrapper's <c>GetInput&lt;T&gt;()</c> the input deserialized as this type.
    /// </summary>
    private static Type OrchestratorInputType(DurableFunctionDefinition function)
    {
        var app = function.Method.DeclaringType!.Assembly;
        var orchestrator = app.GetReferencedAssemblies().Select(Assembly.Load).Append(app)
            .SelectMany(a => a.GetExportedTypes())
            .FirstOrDefault(t => t.Name == function.Name && typeof(ITaskOrchestrator).IsAssignableFrom(t))
            ?? throw new InvalidOperationException(
                $"Orchestrator function '{function.Name}' must be named after the TaskOrchestrator<TInput, TOutput> class it runs.");
        for (var type = orchestrator; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(TaskOrchestrator<,>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        throw new InvalidOperationException($"{orchestrator.Name} does not derive from TaskOrchestrator<TInput, TOutput>.");
    }

    private static Type ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? method.ReturnType.GetGenericArguments()[0]
            : method.ReturnType == typeof(Task) || method.ReturnType == typeof(void) ? typeof(object) : method.ReturnType;

    /// <summary>An orchestrator function: the wrapper reads its input from the context itself, as in Azure.</summary>
    private sealed class FunctionOrchestrator(FunctionMethodInvoker invoker, Type input, Type output) : ITaskOrchestrator
    {
        public Type InputType => input;

        public Type OutputType => output;

        // Orchestrator code runs on the orchestration's own scheduler; it resolves no services (it must be deterministic).
        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            invoker.InvokeAsync(EmptyServices.Instance, context, new Dictionary<string, object?>(), CancellationToken.None, orchestration: true);
    }

    /// <summary>An activity function, in a service scope of its own, with the instance id as binding data.</summary>
    private sealed class FunctionActivity(FunctionMethodInvoker invoker, IServiceScopeFactory scopes, Type input, Type output) : ITaskActivity
    {
        public Type InputType => input;

        public Type OutputType => output;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            ArgumentNullException.ThrowIfNull(context);
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                return await invoker.InvokeAsync(
                    scope.ServiceProvider, input!, new Dictionary<string, object?> { ["instanceId"] = context.InstanceId }, CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
