namespace Marketplace.Domain.Conversations;

/// <summary>
/// A request the messaging rules refuse. <see cref="Code"/> is stable and machine-readable; the message is
/// a sentence the caller can act on.
/// </summary>
public sealed class MessagingException : Exception
{
    public MessagingException(MessagingError error, string code, string message)
        : base(message)
    {
        Error = error;
        Code = code;
    }

    public MessagingException()
    {
        Code = "messaging_error";
    }

    public MessagingException(string message)
        : base(message)
    {
        Code = "messaging_error";
    }

    public MessagingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "messaging_error";
    }

    public MessagingError Error { get; }

    public string Code { get; }
}

/// <summary>The kind of refusal, which decides the HTTP status.</summary>
public enum MessagingError
{
    Invalid,
    NotFound,
    Conflict,
    TooLarge,
    UnsupportedType,
    Forbidden,
}
