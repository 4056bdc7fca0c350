namespace Marketplace.ContentPolicy;

/// <summary>A seller rule the message breaks; a violation always blocks the message.</summary>
/// <param name="Code">One of <see cref="RuleViolationCodes"/>.</param>
/// <param name="Message">A sentence telling the author what to do instead.</param>
public sealed record RuleViolation(string Code, string Message);
