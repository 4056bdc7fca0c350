using System.Reflection;
using Marketplace.Functions.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Marketplace.Functions.Worker;

/// <summary>
/// Bearer-token authorization for HTTP functions, as ASP.NET Core's authorization middleware does it for the self-host:
/// the function's <c>[Authorize]</c> policies (or the fallback policy: any valid caller) unless it is <c>[AllowAnonymous]</c>,
/// evaluated with the app's policy evaluator and JWT scheme. A refusal is the JWT events' problem document (401
/// token_missing / token_expired / token_invalid, 403 forbidden) and the function does not run. Every function's HTTP
/// trigger is anonymous at the host on purpose: the host's function keys are not how callers authenticate here.
/// </summary>
internal sealed class FunctionAuthorizationMiddleware(
    FunctionRegistry registry, IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http
            || registry.FindHttp(context.FunctionDefinition.Name) is not { } function)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var attributes = function.Attributes;
        if (attributes.OfType<IAllowAnonymous>().Any())
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var policy = await AuthorizationPolicy.CombineAsync(policies, attributes.OfType<IAuthorizeData>()).ConfigureAwait(false)
            ?? await policies.GetFallbackPolicyAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException("No authorization policy applies and no fallback policy is set.");
        // What ASP.NET Core's authentication middleware does before routing: the default (JWT) scheme sets the user.
        if (await http.AuthenticateAsync().ConfigureAwait(false) is { Succeeded: true } authenticated)
        {
            http.User = authenticated.Principal;
        }

        var authentication = await evaluator.AuthenticateAsync(policy, http).ConfigureAwait(false);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, http, resource: null).ConfigureAwait(false);
        if (authorization.Challenged)
        {
            await http.ChallengeAsync().ConfigureAwait(false);
            return;
        }

        if (authorization.Forbidden)
        {
            await http.ForbidAsync().ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
