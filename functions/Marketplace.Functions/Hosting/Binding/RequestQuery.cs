using System.Globalization;
using Marketplace.Functions.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Hosting.Binding;

/// <summary>
/// Typed query-string values for HTTP functions (a function's parameters bind only its trigger and route values). A value
/// that is present but unreadable is a 400, as minimal APIs answer it; a parameter given twice is one too.
/// </summary>
internal static class RequestQuery
{
    public const string UnknownParameter = "unknown_query_parameter";

    /// <summary>
    /// 400 <c>unknown_query_parameter</c> naming each parameter of the request that <paramref name="function"/> does not
    /// declare with <see cref="QueryParameterAttribute"/>, and the ones it accepts; null when there is none. Names are
    /// compared exactly, as <see cref="String"/> reads them: "Limit" is not "limit".
    /// </summary>
    public static ProblemHttpResult? RefuseUnknown(HttpRequest request, HttpFunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        var accepted = function.QueryParameters.Select(p => p.Name).ToList();
        var unknown = request.Query.Keys.Where(k => !accepted.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        var acceptedText = accepted.Count == 0 ? "This operation takes no query parameters." : $"This operation accepts: {string.Join(", ", accepted)}.";
        var problem = Problems.Details(StatusCodes.Status400BadRequest, UnknownParameter, "Unknown query parameter",
            $"{string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "is" : "are")} not a query parameter of this operation. {acceptedText}");
        problem.Extensions["parameters"] = unknown;
        problem.Extensions["accepted"] = accepted;
        return TypedResults.Problem(problem);
    }

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

    public static DateTimeOffset? Timestamp(HttpRequest request, string name) =>
        String(request, name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && HasOffset(text) ? value
        : throw new BadHttpRequestException($"The query parameter '{name}' must be an ISO 8601 timestamp with an offset, e.g. 2026-12-01T00:00:00Z.");

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    public static int? Int(HttpRequest request, string name) =>
        String(request, name) is not { } text ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw new BadHttpRequestException($"The query parameter '{name}' must be a whole number.");

    public static bool? Bool(HttpRequest request, string name) =>
        String(request, name) is not { } text ? null
        : bool.TryParse(text, out var value) ? value
        : throw new BadHttpRequestException($"The query parameter '{name}' must be 'true' or 'false'.");
}
