namespace Marketplace.ContentPolicy;

/// <summary>One piece of forbidden content: what it is, where it is in the original text, what happens and what to change.</summary>
/// <param name="ReasonCode">One of <see cref="ReasonCodes"/>.</param>
/// <param name="Kind">What was recognised, e.g. email, phone, spelled-phone, url, handle, iban (stable, lower-case).</param>
/// <param name="Start">Start of the span in the original text (UTF-16 index).</param>
/// <param name="Length">Length of the span in the original text.</param>
/// <param name="Action">What the profile does with this finding.</param>
/// <param name="Message">A sentence telling the author what to change.</param>
public sealed record PolicyFinding(string ReasonCode, string Kind, int Start, int Length, PolicyAction Action, string Message)
{
    /// <summary>End of the span (exclusive).</summary>
    public int End => Start + Length;
}
