namespace Marketplace.Functions.Hosting;

/// <summary>
/// An HTTP function only the Functions host serves: the self-host provides the same thing itself (the API description
/// and its docs page, generated live by ASP.NET Core's OpenAPI and Scalar) on the same route, so it skips this one.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class WorkerOnlyAttribute : Attribute;
