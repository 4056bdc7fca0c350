using Marketplace.Functions.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Marketplace.Functions.Security;

/// <summary>
/// Refuses a request whose path has dot segments ("." or "..", plain or percent-encoded). Kestrel removes them
/// before routing, so "/api/conversations/%2e%2e/%2e%2e/ApplyMarketplaceEvent" would be routed as
/// "/ApplyMarketplaceEvent": a request the Functions host forwarded for one route would reach another, such as a
/// queue function's invocation route, with no signature checked. No client of this API needs dot segments.
/// </summary>
internal static class CanonicalPathMiddleware
{
    public static IApplicationBuilder UseCanonicalPaths(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToUriComponent();
        if (HasDotSegment(rawTarget))
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, ProblemCodes.PathNotCanonical, "The path is not canonical.",
                "The path contains '.' or '..' segments (plain or percent-encoded). Send the resource's path as documented at /docs, without them.")
                .ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>True when a segment of <paramref name="rawTarget"/>'s path (before any query) decodes to "." or "..".</summary>
    internal static bool HasDotSegment(string rawTarget)
    {
        var path = rawTarget.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        foreach (var range in path.SplitAny('/', '\\'))
        {
            var segment = path[range];
            if (segment.Length is > 0 and <= 6 && Uri.UnescapeDataString(segment.ToString()) is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
