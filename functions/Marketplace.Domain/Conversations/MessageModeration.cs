namespace Marketplace.Domain.Conversations;

/// <summary>
/// What the content policy decided about a message, stored with it: the verdict, each finding (rule,
/// span in the original text, what to change), and any rule the author broke by sending it at all.
/// </summary>
public sealed record MessageModeration(string Verdict, IReadOnlyList<ModerationFinding> Findings, IReadOnlyList<ModerationViolation> Violations)
{
    public static MessageModeration Clean { get; } = new("allow", [], []);
}

/// <summary>One piece of text the policy objected to.</summary>
public sealed record ModerationFinding(string Code, int Start, int Length, string Action, string Explanation);

/// <summary>A sending rule the message broke (no reason given, outside the messaging window, buyer opted out…).</summary>
public sealed record ModerationViolation(string Code, string Explanation);
