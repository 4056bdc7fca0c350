using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Functions.Errors;

/// <summary>
/// RFC 9457 problem responses with a stable machine-readable code: "type" is
/// "https://errors.marketplace-messaging.dev/{code}" and the code is repeated as the "code" extension.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://errors.marketplace-messaging.dev/";

    public static ProblemHttpResult Create(int status, string code, string title, string detail) =>
        TypedResults.Problem(Details(status, code, title, detail));

    /// <summary>The problem document itself, for code that writes the response directly (middleware, auth events).</summary>
    public static ProblemDetails Details(int status, string code, string title, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypeBase + code,
            Title = title,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>Writes a problem response through the app's <see cref="IProblemDetailsService"/> (adds the trace id).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Details(status, code, title, detail),
        }).ConfigureAwait(false);
    }

    /// <summary>400 listing each bad field with what is wrong with it.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string detail = "One or more fields are invalid; see 'errors'.")
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = TypeBase + "validation_failed",
            Title = "The request is invalid.",
            Detail = detail,
        };
        problem.Extensions["code"] = "validation_failed";
        return TypedResults.Problem(problem);
    }
}
