using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.SelfHost;

/// <summary>
/// Calls a function method as the Functions worker would: the class is created from the container (scoped services of the
/// invocation), the trigger parameter gets the trigger's value, <c>[DurableClient]</c> the app's <see cref="DurableTaskClient"/>,
/// a <see cref="CancellationToken"/> the invocation's, and every other parameter the binding data of the same name
/// (route values of an HTTP trigger; a queue message's id, dequeueCount, insertionTime; an activity's instanceId), converted to its type.
/// A parameter it cannot bind fails when the self-host starts, not when the function is first called.
/// </summary>
internal sealed class FunctionMethodInvoker
{
    private readonly MethodInfo _method;
    private readonly ObjectFactory? _factory;
    private readonly Func<Invocation, object?>[] _arguments;

    private FunctionMethodInvoker(MethodInfo method)
    {
        _method = method;
        _factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, []);
        _arguments = [.. method.GetParameters().Select(p => Binder(method, p))];
    }

    public static FunctionMethodInvoker For(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return new FunctionMethodInvoker(method);
    }

    /// <summary>Runs the function and returns what it returned (awaited), or null for a function that returns nothing.</summary>
    /// <param name="orchestration">
    /// True for an orchestrator: its continuations must stay on the orchestration's scheduler, which sees each replay step
    /// complete synchronously.
    /// </param>
    public async Task<object?> InvokeAsync(
        IServiceProvider services, object? trigger, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken,
        bool orchestration = false)
    {
        var invocation = new Invocation(services, trigger, bindingData, cancellationToken);
        var target = _factory?.Invoke(services, null);
        object? returned;
        try
        {
            returned = _method.Invoke(target, [.. _arguments.Select(bind => bind(invocation))]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(orchestration);
                return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(orchestration);
                return null;
            default:
                return returned;
        }
    }

    private static Func<Invocation, object?> Binder(MethodInfo method, ParameterInfo parameter)
    {
        if (parameter.GetCustomAttributes().Any(a => a is HttpTriggerAttribute or QueueTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute))
        {
            return invocation => invocation.Trigger;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return invocation => invocation.CancellationToken;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return invocation => invocation.Services.GetRequiredService<DurableTaskClient>();
        }

        var converter = TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType);
        if (!converter.CanConvertFrom(typeof(string)))
        {
            throw new InvalidOperationException(
                $"{method.DeclaringType?.Name}.{method.Name}: the self-host cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}.");
        }

        var optional = Nullable.GetUnderlyingType(parameter.ParameterType) is not null || !parameter.ParameterType.IsValueType;
        return invocation =>
        {
            var value = invocation.BindingData.FirstOrDefault(d => string.Equals(d.Key, parameter.Name, StringComparison.OrdinalIgnoreCase)).Value;
            return value switch
            {
                null when optional => null,
                null => throw new InvalidOperationException($"No binding data named '{parameter.Name}' for {method.DeclaringType?.Name}.{method.Name}."),
                _ when parameter.ParameterType.IsInstanceOfType(value) => value,
                _ => converter.ConvertFromInvariantString(Convert.ToString(value, CultureInfo.InvariantCulture)!),
            };
        };
    }

    private sealed record Invocation(
        IServiceProvider Services, object? Trigger, IReadOnlyDictionary<string, object?> BindingData, CancellationToken CancellationToken);
}
