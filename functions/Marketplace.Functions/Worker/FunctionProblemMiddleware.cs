using Marketplace.Functions.Errors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Marketplace.Functions.Worker;

/// <summary>
/// Answers an exception an HTTP function lets out with the app's problem document (the same mapping the self-host uses:
/// refusals with their code, 400 malformed_json, 503 storage_unavailable, 500 internal_error without exception text).
/// Other triggers rethrow, so the host retries the queue message or fails the activity.
/// </summary>
internal sealed class FunctionProblemMiddleware(ExceptionProblemHandler problems) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is { Response.HasStarted: false } http
            && !(ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            await problems.WriteAsync(http, Unwrap(ex)).ConfigureAwait(false);
        }
    }

    // The worker wraps what a function throws when it reports it; the problem is the function's own exception.
    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
}
