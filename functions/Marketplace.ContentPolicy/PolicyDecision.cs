namespace Marketplace.ContentPolicy;

/// <summary>The outcome of checking one message: verdict, findings, rule violations and the text to deliver.</summary>
/// <param name="Verdict">The strongest action among findings and violations (Block &gt; Hold &gt; Redact &gt; Allow).</param>
/// <param name="Findings">Content findings, ordered by position; findings whose action is Allow are not reported.</param>
/// <param name="Violations">Seller rule violations; any violation makes the verdict Block.</param>
/// <param name="RedactedText">The text with every Redact finding masked (equal to the original when nothing is redacted).</param>
public sealed record PolicyDecision(
    PolicyAction Verdict,
    IReadOnlyList<PolicyFinding> Findings,
    IReadOnlyList<RuleViolation> Violations,
    string RedactedText)
{
    /// <summary>
    /// What the recipient receives: the redacted text when the verdict is Allow or Redact, the same text once an
    /// admin approves a held message, and null when the message is blocked.
    /// </summary>
    public string? DeliverableText => Verdict == PolicyAction.Block ? null : RedactedText;

    /// <summary>True when the message goes out now (Allow or Redact).</summary>
    public bool IsDelivered => Verdict is PolicyAction.Allow or PolicyAction.Redact;
}
