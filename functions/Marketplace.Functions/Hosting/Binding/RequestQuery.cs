using System.Globalization;

namespace Marketplace.Functions.Hosting.Binding;

/// <summary>
/// Typed query-string values for HTTP functions (a function's parameters bind only its trigger and route values). A value
/// that is present but unreadable is a 400, as minimal APIs answer it; a parameter given twice is one too.
/// </summary>
internal static class RequestQuery
{
    public static string? String(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new BadHttpRequestException($"The query parameter '{name}' is given more than once."),
        };
    }

    public static int? Int(HttpRequest request, string name) =>
        String(request, name) is not { } text ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw new BadHttpRequestException($"The query parameter '{name}' must be a whole number.");

    public static bool? Bool(HttpRequest request, string name) =>
        String(request, name) is not { } text ? null
        : bool.TryParse(text, out var value) ? value
        : throw new BadHttpRequestException($"The query parameter '{name}' must be 'true' or 'false'.");
}
