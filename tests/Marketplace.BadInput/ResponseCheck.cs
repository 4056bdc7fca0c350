using System.Text.Json;
using System.Text.RegularExpressions;

namespace Marketplace.BadInput;

/// <summary>The checks every answer gets: no 5xx, no exception text, errors as problem documents with a code, forgeries refused.</summary>
public static partial class ResponseCheck
{
    public static IReadOnlyList<FindingKind> Check(Probe probe, int status, string? contentType, string body)
    {
        var findings = new List<FindingKind>();
        if (status >= 500)
        {
            findings.Add(FindingKind.ServerError);
        }

        if (ExceptionText().IsMatch(body))
        {
            findings.Add(FindingKind.ExceptionText);
        }

        if (status >= 400 && probe.Method != HttpMethod.Head && !IsProblemDocument(contentType, body)
            && !(body.Length == 0 && probe.Expect.HasFlag(ProbeExpectation.ServerMayReject) && status is 400 or 413 or 414 or 431 or 505))
        {
            findings.Add(FindingKind.NotAProblemDocument);
        }

        if (probe.Expect.HasFlag(ProbeExpectation.MustBeRefused) && status is >= 200 and < 400)
        {
            findings.Add(FindingKind.ForgeryAccepted);
        }

        return findings;
    }

    /// <summary>application/problem+json with a JSON object that has a non-empty string "code".</summary>
    public static bool IsProblemDocument(string? contentType, string body)
    {
        if (contentType is null || !contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String && code.GetString()!.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Exception type names (SomethingException), .NET stack frames, source lines, the developer exception page.
    [GeneratedRegex(@"[A-Za-z]Exception\b|\bException\b|\bat (Marketplace|Serverless|System|Microsoft|Azure)\.|\.cs:line \d|--- End of|StackTrace|stack trace", RegexOptions.CultureInvariant)]
    private static partial Regex ExceptionText();
}
