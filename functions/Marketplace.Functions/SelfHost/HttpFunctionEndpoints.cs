using System.Reflection;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Hosting.Binding;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Marketplace.Functions.SelfHost;

/// <summary>
/// Serves each HTTP function on its route and methods, as the Functions host routes them. The method's and class's
/// attributes become endpoint metadata, so <c>[Authorize]</c>/<c>[AllowAnonymous]</c> are enforced by the authorization
/// middleware and the OpenAPI document describes the function (its method, for route parameters; summaries, tags, bodies).
/// Its responses are described as minimal APIs describe a handler's: from its typed result (<c>Results&lt;Ok&lt;T&gt;, …&gt;</c>),
/// its <see cref="ProducesProblemAttribute"/>s, and the problems the platform answers for it (a token refused, a body that
/// is not JSON). An exception the function lets out is answered by the same problem mapping the worker's middleware uses.
/// </summary>
internal static class HttpFunctionEndpoints
{
    private static readonly MethodInfo s_populateMetadata =
        typeof(HttpFunctionEndpoints).GetMethod(nameof(PopulateMetadata), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(registry);
        // A worker-only function's route is the self-host's own (MapOpenApi, Scalar): mapping both would be ambiguous.
        foreach (var function in registry.Http.Where(f => !f.Attributes.OfType<WorkerOnlyAttribute>().Any()))
        {
            var invoker = FunctionMethodInvoker.For(function.Method);
            var metadata = function.Attributes
                .Where(a => a is not Microsoft.Azure.Functions.Worker.FunctionAttribute)
                .Append(function.Method)
                .Append(new EndpointNameMetadata(function.Name))
                .Append(new RouteNameMetadata(function.Name))
                .ToArray();
            endpoints.MapMethods("/" + function.Route, function.Methods, (RequestDelegate)(http => InvokeAsync(http, function, invoker)))
                .WithMetadata(metadata)
                .WithDisplayName(function.Name)
                .Add(endpoint => DescribeResponses(function.Method, endpoint));
        }

        return endpoints;
    }

    /// <summary>What RequestDelegateFactory does for a handler's return type, and the problems the platform adds.</summary>
    private static void DescribeResponses(MethodInfo method, EndpointBuilder endpoint)
    {
        var result = ResultType(method.ReturnType);
        if (typeof(IEndpointMetadataProvider).IsAssignableFrom(result))
        {
            s_populateMetadata.MakeGenericMethod(result).Invoke(null, [method, endpoint]);
        }

        var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
        void AddProblem(int status)
        {
            if (declared.Add(status))
            {
                endpoint.Metadata.Add(new ProducesProblemAttribute(status));
            }
        }

        var authorization = endpoint.Metadata.OfType<IAuthorizeData>().ToList();
        if (authorization.Count > 0 && !endpoint.Metadata.OfType<IAllowAnonymous>().Any())
        {
            AddProblem(StatusCodes.Status401Unauthorized);
            if (authorization.Any(a => a.Policy is not null || a.Roles is not null))
            {
                AddProblem(StatusCodes.Status403Forbidden);
            }
        }

        // JsonBody answers a body that is not JSON 415 and malformed JSON 400.
        if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase))))
        {
            AddProblem(StatusCodes.Status400BadRequest);
            AddProblem(StatusCodes.Status415UnsupportedMediaType);
        }
    }

    private static void PopulateMetadata<TResult>(MethodInfo method, EndpointBuilder endpoint)
        where TResult : IEndpointMetadataProvider =>
        TResult.PopulateMetadata(method, endpoint);

    // Task<T> and ValueTask<T> are awaited: T is what the function answers.
    private static Type ResultType(Type returnType) =>
        returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? returnType.GetGenericArguments()[0]
            : returnType;

    private static async Task InvokeAsync(HttpContext http, HttpFunctionDefinition function, FunctionMethodInvoker invoker)
    {
        // After authentication and authorization (endpoint middleware), as the worker's middleware order has it.
        if (RequestQuery.RefuseUnknown(http.Request, function) is { } refusal)
        {
            await refusal.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        object? result;
        try
        {
            result = await invoker.InvokeAsync(http.RequestServices, http.Request, http.Request.RouteValues, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (!http.Response.HasStarted && !(ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            await http.RequestServices.GetRequiredService<ExceptionProblemHandler>().WriteAsync(http, ex).ConfigureAwait(false);
            return;
        }

        switch (result)
        {
            case IResult answer:
                await answer.ExecuteAsync(http).ConfigureAwait(false);
                break;
            case null:
                break;
            default:
                throw new InvalidOperationException($"HTTP functions return IResult; {http.GetEndpoint()?.DisplayName} returned {result.GetType().Name}.");
        }
    }
}
