using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// The custom-handler routes: POST /{FunctionName} for each queue function, called by the Functions host with
/// the invocation payload. 200 with <see cref="CustomHandlerResponse"/> on success; 500 with the same shape and
/// a log line on failure, so the host retries and after maxDequeueCount moves the message to "{queue}-poison".
/// Only loopback callers are served: the host runs beside the app and calls it on localhost.
/// </summary>
internal static class QueueInvocationEndpoints
{
    public static IEndpointRouteBuilder MapQueueFunctionInvocations(this IEndpointRouteBuilder endpoints, FunctionRegistry registry)
    {
        foreach (var function in registry.Queue)
        {
            endpoints.MapPost("/" + function.Name, (HttpContext http, QueueFunctionInvoker invoker, IOptions<HostingOptions> options,
                    ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    InvokeAsync(function, http, invoker, options.Value, loggers, cancellationToken))
                .WithName("Invoke" + function.Name)
                .AllowAnonymous()
                .AddEndpointFilter<HostOnlyFilter>()
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static async Task<IResult> InvokeAsync(
        QueueFunctionDefinition function, HttpContext http, QueueFunctionInvoker invoker, HostingOptions options,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(QueueInvocationEndpoints));
        QueueInvocation? invocation;
        string? error;
        try
        {
            using var payload = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            CustomHandlerInvocation.TryParse(payload.RootElement, FunctionMetadataGenerator.QueueBindingName, out invocation, out error);
        }
        catch (JsonException)
        {
            (invocation, error) = (null, "The invocation payload is not JSON.");
        }

        if (invocation is null)
        {
            Log.InvocationRefused(logger, function.Name, error!);
            return Answer(StatusCodes.Status400BadRequest, CustomHandlerResponse.Failure($"{function.Name}: invalid invocation payload: {error}"));
        }

        var outcome = await invoker.InvokeAsync(function.Name, invocation, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            return Answer(StatusCodes.Status200OK, CustomHandlerResponse.Success);
        }

        var last = invocation.DequeueCount >= options.MaxDequeueCount ? " (last delivery: the host moves it to the poison queue)" : "";
        return Answer(StatusCodes.Status500InternalServerError, CustomHandlerResponse.Failure(
            $"{function.Name} failed on message {invocation.MessageId}, delivery {invocation.DequeueCount}{last}: {outcome.Error!.GetType().Name}"));
    }

    private static JsonHttpResult<CustomHandlerResponse> Answer(int status, CustomHandlerResponse response) =>
        TypedResults.Json(response, HostingJsonContext.Default.CustomHandlerResponse, statusCode: status);
}
