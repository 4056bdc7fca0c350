using System.Text.Json;
using Marketplace.Domain.Conversations;
using Microsoft.AspNetCore.Diagnostics;

namespace Marketplace.Functions.Errors;

/// <summary>
/// Turns exceptions that escape a function or endpoint into problem responses: a refusal from the messaging rules
/// (<see cref="MessagingException"/>) into its status, code and sentence, malformed JSON bodies into 400 malformed_json, other bad requests into 400, storage outages into 503 storage_unavailable with Retry-After, and
/// everything else into 500 internal_error without the exception's text (it is logged, with the trace id the
/// response carries).
/// </summary>
internal sealed partial class ExceptionProblemHandler(ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        await WriteAsync(httpContext, exception).ConfigureAwait(false);
        return true;
    }

    /// <summary>Answers the request with the problem document for <paramref name="exception"/>.</summary>
    public async Task WriteAsync(HttpContext httpContext, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is MessagingException refused)
        {
            var (status, title) = refused.Error switch
            {
                MessagingError.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                MessagingError.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
                MessagingError.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Too large"),
                MessagingError.UnsupportedType => (StatusCodes.Status415UnsupportedMediaType, "Type not allowed"),
                MessagingError.Forbidden => (StatusCodes.Status403Forbidden, "Not allowed"),
                _ => (StatusCodes.Status400BadRequest, "Request refused"),
            };
            await Problems.WriteAsync(httpContext, status, refused.Code, title, refused.Message).ConfigureAwait(false);
            return;
        }

        if (exception is BadHttpRequestException badRequest)
        {
            var (code, title, detail) = badRequest switch
            {
                { InnerException: JsonException } => (ProblemCodes.MalformedJson, "The body is not valid JSON.",
                    "Send a JSON body that matches the documented schema (see /docs)."),
                { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (ProblemCodes.UnsupportedMediaType, "Unsupported content type.",
                    "Send the body as 'Content-Type: application/json'."),
                { StatusCode: StatusCodes.Status413PayloadTooLarge } => (ProblemCodes.PayloadTooLarge, "The body is too large.",
                    "Send a smaller body; see the documented limits at /docs."),
                _ => (ProblemCodes.BadRequest, "The request is invalid.",
                    "A route, query, header or body value could not be read; check the request against the documentation at /docs."),
            };
            await Problems.WriteAsync(httpContext, badRequest.StatusCode, code, title, detail).ConfigureAwait(false);
            return;
        }

        if (StorageOutage.Caused(exception) && !httpContext.RequestAborted.IsCancellationRequested)
        {
            LogStorageUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, httpContext.TraceIdentifier, exception.GetType().Name);
            httpContext.Response.Headers.RetryAfter = StorageOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Problems.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, ProblemCodes.StorageUnavailable,
                "Storage is unavailable for a moment.",
                $"The request could not be completed because our storage did not answer. Retry after {StorageOutage.RetryAfterSeconds} seconds " +
                "(see Retry-After); webhooks are applied once however often they are delivered, and messages sent with the same Idempotency-Key are stored once.")
                .ConfigureAwait(false);
            return;
        }

        LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path, httpContext.TraceIdentifier);
        await Problems.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, "Something went wrong on our side.",
            "The request failed unexpectedly. Retry later; if it keeps failing, report the traceId.").ConfigureAwait(false);
    }

    [LoggerMessage(2002, LogLevel.Warning, "Storage unavailable answering {Method} {Path} (trace {TraceId}): {ExceptionType}")]
    private static partial void LogStorageUnavailable(ILogger logger, string method, string path, string traceId, string exceptionType);

    [LoggerMessage(2001, LogLevel.Error, "Unhandled exception answering {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
