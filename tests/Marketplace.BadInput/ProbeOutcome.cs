namespace Marketplace.BadInput;

/// <summary>What one probe got back: the status (null if no answer came), the start of the body, and what was wrong with it.</summary>
public sealed record ProbeOutcome(Probe Probe, int? Status, string Body, IReadOnlyList<FindingKind> Findings)
{
    /// <summary>The status as the report's columns show it: the code, or "ERR" when the connection failed or timed out.</summary>
    public string StatusLabel => Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "ERR";
}
