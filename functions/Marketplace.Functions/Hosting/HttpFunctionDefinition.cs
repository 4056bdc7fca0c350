using System.Reflection;

namespace Marketplace.Functions.Hosting;

/// <summary>An HTTP-triggered function: its name, its route (host.json's routePrefix is ""), its methods and its method.</summary>
public sealed record HttpFunctionDefinition(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method);
