namespace Marketplace.ContentPolicy;

/// <summary>What happens to a message (or to one finding in it); ordered from mildest to strongest.</summary>
public enum PolicyAction
{
    /// <summary>Delivered as written.</summary>
    Allow = 0,

    /// <summary>Delivered with the offending spans masked.</summary>
    Redact = 1,

    /// <summary>Kept until an admin approves or rejects it.</summary>
    Hold = 2,

    /// <summary>Not delivered; the author is told why.</summary>
    Block = 3,
}
