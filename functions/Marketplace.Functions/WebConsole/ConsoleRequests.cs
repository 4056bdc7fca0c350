using Marketplace.Domain.Conversations;
using Marketplace.Functions.Security;

namespace Marketplace.Functions.WebConsole;

/// <summary>What every console page does around its own work: who is signed in, where a post came from, refusals as pages.</summary>
internal static class ConsoleRequests
{
    /// <summary>
    /// Cross-site request forgery: the session cookie is SameSite=Strict, so a browser never sends it with a request another
    /// site starts; a post must also carry an Origin header naming this host, which refuses posts from other origins of the
    /// same site (a sibling subdomain). Browsers send Origin on every POST. Anti-forgery tokens were not chosen: they need
    /// Data Protection keys shared by every instance of the Functions app, which this app does not keep anywhere.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
            && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Runs a page for the signed-in caller; sends anyone else to the sign-in page, and shows a refusal as a page.</summary>
    public static async Task<IResult> SignedInAsync(HttpRequest request, ConsoleSession session, Func<Caller, Task<IResult>> page)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(page);
        if (HttpMethods.IsPost(request.Method) && !IsSameOrigin(request))
        {
            return ConsoleHtml.Page("Not allowed", null, ConsoleHtml.Alert("This form was posted from another site, so it was ignored. Open the console and try again."), StatusCodes.Status403Forbidden);
        }

        if (await session.AuthenticateAsync(request.HttpContext).ConfigureAwait(false) is not { } caller)
        {
            return HttpMethods.IsGet(request.Method)
                ? TypedResults.Redirect("/console/sign-in")
                : ConsoleHtml.Page("Signed out", null, ConsoleHtml.Alert("Your session has ended. <a href=\"/console/sign-in\">Sign in again</a>.", encoded: true), StatusCodes.Status401Unauthorized);
        }

        try
        {
            return await page(caller).ConfigureAwait(false);
        }
        catch (MessagingException refused)
        {
            // The API's refusals carry a sentence a person can act on; the page shows it with the API's status.
            var status = refused.Error switch
            {
                MessagingError.NotFound => StatusCodes.Status404NotFound,
                MessagingError.Forbidden => StatusCodes.Status403Forbidden,
                MessagingError.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return ConsoleHtml.Page("Not possible", caller, ConsoleHtml.Alert(refused.Message), status);
        }
    }

    /// <summary>A form field's value, trimmed; empty when absent.</summary>
    public static async Task<IFormCollection> FormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HasFormContentType ? await request.ReadFormAsync(cancellationToken).ConfigureAwait(false) : FormCollection.Empty;
    }

    /// <summary>The sentence of an API refusal (its detail, then each field's errors).</summary>
    public static string Describe(Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var details = problem.ProblemDetails;
        var errors = details is HttpValidationProblemDetails validation
            ? validation.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))
            : [];
        return string.Join(" ", new[] { details.Detail ?? details.Title ?? "Refused." }.Concat(errors));
    }
}
