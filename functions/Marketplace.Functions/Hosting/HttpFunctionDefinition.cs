using System.Reflection;
using Marketplace.Functions.Hosting.Binding;

namespace Marketplace.Functions.Hosting;

/// <summary>An HTTP-triggered function: its name, its route (host.json's routePrefix is ""), its methods and its method.</summary>
public sealed record HttpFunctionDefinition(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method)
{
    /// <summary>
    /// The class's attributes then the method's (authorization, tags, summaries, declared responses), read once: both the
    /// worker's authorization middleware and the self-host's endpoint metadata use them.
    /// </summary>
    public IReadOnlyList<object> Attributes { get; } =
        [.. Method.DeclaringType!.GetCustomAttributes(inherit: true), .. Method.GetCustomAttributes(inherit: true)];

    /// <summary>The query parameters the function reads; any other is refused by both hosts (<see cref="RequestQuery.RefuseUnknown"/>).</summary>
    public IReadOnlyList<QueryParameterAttribute> QueryParameters => [.. Attributes.OfType<QueryParameterAttribute>()];
}
