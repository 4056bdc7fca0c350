namespace Marketplace.Functions.Hosting;

/// <summary>
/// An HTTP-triggered function as the Functions host sees it: a name (its folder), a route template
/// (host.json's routePrefix is "", so this is the app's own path) and the methods it accepts. With
/// enableForwardingHttpRequest the host forwards matching requests unchanged to the app's ASP.NET Core routes.
/// </summary>
public sealed record HttpFunctionDefinition(string Name, string Route, IReadOnlyList<string> Methods);
