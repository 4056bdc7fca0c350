namespace Marketplace.Domain.Conversations;

/// <summary>Whether a message reached its recipient, per the content-policy outcome.</summary>
public enum MessageStatus
{
    /// <summary>Visible to both parties (possibly with spans masked).</summary>
    Delivered,

    /// <summary>Waiting for an admin to approve or reject it; only the author and admins see it.</summary>
    Held,

    /// <summary>Refused by policy; only the author and admins see it, with the reasons.</summary>
    Blocked,

    /// <summary>Held, then rejected by an admin.</summary>
    Rejected,
}
