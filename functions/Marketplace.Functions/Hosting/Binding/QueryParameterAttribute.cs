namespace Marketplace.Functions.Hosting.Binding;

/// <summary>
/// A query parameter an HTTP function reads (through <see cref="RequestQuery"/>). Both hosts refuse, before the function
/// runs, a request naming any parameter the function does not declare (400 <c>unknown_query_parameter</c>: a misspelt
/// filter would otherwise be ignored silently), and the OpenAPI document lists the declared ones.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, Type type, string description) : Attribute
{
    public string Name { get; } = name;

    /// <summary>string, int, bool, DateTimeOffset or an enum: how the OpenAPI document types the value.</summary>
    public Type Type { get; } = type;

    public string Description { get; } = description;

    /// <summary>The accepted values, for a parameter that takes one of a few words.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Values joined with '|' (attribute arguments cannot be arrays of strings in every analyzer's eyes).</summary>
    public string OneOf
    {
        get => string.Join('|', Values);
        init => Values = value.Split('|', StringSplitOptions.RemoveEmptyEntries);
    }
}
