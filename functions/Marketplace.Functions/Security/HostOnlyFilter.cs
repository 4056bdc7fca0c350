using System.Net;
using Marketplace.Functions.Errors;

namespace Marketplace.Functions.Security;

/// <summary>
/// Lets a request through only if it comes from this machine (loopback). Guards the custom-handler
/// invocation routes: in Azure the Functions host is the only caller and it calls on localhost; the
/// network never reaches them directly (the host fronts all traffic), and anything else is refused.
/// </summary>
internal sealed class HostOnlyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsLoopback(context.HttpContext.Connection.RemoteIpAddress))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ProblemCodes.HostOnly, "Only the Functions host may call this.",
                "Queue-function invocation routes accept requests from this machine only.");
        }

        return await next(context).ConfigureAwait(false);
    }

    internal static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
