using Marketplace.Functions.Hosting;
using Marketplace.Functions.Hosting.Binding;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Marketplace.Functions.Worker;

/// <summary>
/// Refuses a request naming a query parameter its HTTP function does not declare, before the function runs, as the
/// self-host does (<see cref="RequestQuery.RefuseUnknown"/>). Runs after authorization: a caller without a token learns
/// nothing about an operation's parameters.
/// </summary>
internal sealed class FunctionQueryParameterMiddleware(FunctionRegistry registry) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http
            && registry.FindHttp(context.FunctionDefinition.Name) is { } function
            && RequestQuery.RefuseUnknown(http.Request, function) is { } refusal)
        {
            await refusal.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
