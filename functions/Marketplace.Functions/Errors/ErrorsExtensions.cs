using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Marketplace.Functions.Errors;

/// <summary>Every error the app answers is a problem document with a stable "code" and the request's trace id.</summary>
public static class ErrorsExtensions
{
    internal static IHostApplicationBuilder AddPlatformErrors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (!problem.Extensions.ContainsKey("code"))
            {
                var code = problem.Status switch
                {
                    StatusCodes.Status400BadRequest => ProblemCodes.BadRequest,
                    StatusCodes.Status401Unauthorized => ProblemCodes.TokenMissing,
                    StatusCodes.Status403Forbidden => ProblemCodes.Forbidden,
                    StatusCodes.Status404NotFound => ProblemCodes.NotFound,
                    StatusCodes.Status405MethodNotAllowed => ProblemCodes.MethodNotAllowed,
                    StatusCodes.Status413PayloadTooLarge => ProblemCodes.PayloadTooLarge,
                    StatusCodes.Status415UnsupportedMediaType => ProblemCodes.UnsupportedMediaType,
                    >= 500 => ProblemCodes.InternalError,
                    _ => "error",
                };
                problem.Extensions["code"] = code;
                problem.Type = Problems.TypeBase + code;
                if (problem.Status == StatusCodes.Status404NotFound && problem.Detail is null)
                {
                    problem.Detail = "Nothing is here. Check the path against the API documentation at /docs.";
                }
            }

            var activity = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity;
            problem.Extensions["traceId"] = activity?.Id ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddSingleton<ExceptionProblemHandler>();
        builder.Services.AddSingleton<IExceptionHandler>(sp => sp.GetRequiredService<ExceptionProblemHandler>());

        // Minimal APIs answer a body they cannot read with an empty 400 unless told to throw; throwing lets the
        // exception handler say "malformed_json" in a problem document, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>Self-hosted: exception handler first, then problem documents for empty error responses (404 for unknown routes, 405).</summary>
    internal static IApplicationBuilder UsePlatformErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
