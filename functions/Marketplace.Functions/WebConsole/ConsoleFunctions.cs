using Marketplace.Functions.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.WebConsole;

/// <summary>
/// The console's entry: sign-in with a token (the one the API takes), sign-out, the home page leading to the caller's
/// first page, and the stylesheet and script. Console functions are anonymous to the API's bearer authorization: each
/// page authenticates with the console's cookie itself (<see cref="ConsoleSession"/>). They are HTML for people, so
/// they are left out of the API description.
/// </summary>
[AllowAnonymous]
[ExcludeFromDescription]
internal sealed class ConsoleFunctions(ConsoleSession session)
{
    [Function("ConsoleHome")]
    public async Task<IResult> Home(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await session.AuthenticateAsync(request.HttpContext).ConfigureAwait(false) is { } caller
            ? HomeOf(caller)
            : TypedResults.Redirect("/console/sign-in");
    }

    [Function("ConsoleSignInPage")]
    public static IResult SignInPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/sign-in")] HttpRequest request) =>
        ConsoleHtml.Page("Sign in", null, SignInForm(null));

    [Function("ConsoleSignIn")]
    public async Task<IResult> SignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-in")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ConsoleRequests.IsSameOrigin(request))
        {
            return ConsoleHtml.Page("Sign in", null, SignInForm("This form was posted from another site, so it was ignored."), StatusCodes.Status403Forbidden);
        }

        var form = await ConsoleRequests.FormAsync(request, cancellationToken).ConfigureAwait(false);
        if (await session.ValidateAsync(form["token"].ToString()).ConfigureAwait(false) is not { } valid)
        {
            return ConsoleHtml.Page("Sign in", null, SignInForm(
                "That token is not valid here: it may have expired, or be signed for another environment. Locally, scripts/token.sh <role> <partyId> [marketplace] prints a fresh one."),
                StatusCodes.Status401Unauthorized);
        }

        ConsoleSession.SignIn(request.HttpContext, form["token"].ToString(), valid.Expires);
        return HomeOf(valid.Caller);
    }

    [Function("ConsoleSignOut")]
    public static IResult SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-out")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Refusing a cross-origin sign-out matters less than a cross-origin action, but it is the same rule everywhere.
        if (ConsoleRequests.IsSameOrigin(request))
        {
            ConsoleSession.SignOut(request.HttpContext);
        }

        return TypedResults.Redirect("/console/sign-in");
    }

    [Function("ConsoleStylesheet")]
    public static IResult Stylesheet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/console.css")] HttpRequest request) =>
        TypedResults.Text(ConsoleAssets.Stylesheet, "text/css; charset=utf-8");

    [Function("ConsoleScript")]
    public static IResult Script(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/console.js")] HttpRequest request) =>
        TypedResults.Text(ConsoleAssets.Script, "text/javascript; charset=utf-8");

    private static IResult HomeOf(Caller caller) => ConsolePages.For(caller.Role) is [var first, ..]
        ? TypedResults.Redirect(first.Href)
        : ConsoleHtml.Page("Console", caller, ConsoleHtml.Status("The console has no pages for your role yet; the API serves everything."));

    private static string SignInForm(string? problem) => $"""
        {(problem is null ? "" : ConsoleHtml.Alert(problem))}
        <p>Paste the token you use with the API. Locally: <code>scripts/token.sh seller seller-1 amazon</code>.</p>
        <form method="post" action="/console/sign-in">
          <label for="token">Token</label>
          <textarea id="token" name="token" rows="5" required autocomplete="off" spellcheck="false"></textarea>
          <div class="actions"><button type="submit">Sign in</button></div>
        </form>
        """;
}
