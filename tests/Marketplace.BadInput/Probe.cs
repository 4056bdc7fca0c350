namespace Marketplace.BadInput;

/// <summary>
/// One malformed request: its family and kind (for the report), and the request exactly as sent. The path and query
/// go on the wire verbatim (no canonicalization), so "%2e%2e" and encoded slashes reach the server as written.
/// </summary>
public sealed record Probe(string Family, string Kind, HttpMethod Method, string PathAndQuery)
{
    public byte[]? Body { get; init; }

    /// <summary>The Content-Type header, sent as given (null: none).</summary>
    public string? ContentType { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public ProbeExpectation Expect { get; init; } = ProbeExpectation.None;

    public Probe WithHeader(string name, string value) => this with { Headers = [.. Headers, new(name, value)] };

    public Probe WithBearer(string token) => WithHeader("Authorization", "Bearer " + token);
}
