using System.Reflection;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Marketplace.Functions.SelfHost;

/// <summary>
/// Serves each HTTP function on its route and methods, as the Functions host routes them. The method's and class's
/// attributes become endpoint metadata, so <c>[Authorize]</c>/<c>[AllowAnonymous]</c> are enforced by the authorization
/// middleware and the OpenAPI document describes the function (its method, for route parameters; summaries, tags, bodies).
/// An exception the function lets out is answered by the same problem mapping the worker's middleware uses.
/// </summary>
internal static class HttpFunctionEndpoints
{
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var function in registry.Http)
        {
            var invoker = FunctionMethodInvoker.For(function.Method);
            var metadata = function.Method.DeclaringType!.GetCustomAttributes(inherit: true)
                .Concat(function.Method.GetCustomAttributes(inherit: true))
                .Where(a => a is not Microsoft.Azure.Functions.Worker.FunctionAttribute)
                .Append(function.Method)
                .Append(new EndpointNameMetadata(function.Name))
                .Append(new RouteNameMetadata(function.Name))
                .ToArray();
            endpoints.MapMethods("/" + function.Route, function.Methods, (RequestDelegate)(http => InvokeAsync(http, invoker)))
                .WithMetadata(metadata)
                .WithDisplayName(function.Name);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext http, FunctionMethodInvoker invoker)
    {
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
