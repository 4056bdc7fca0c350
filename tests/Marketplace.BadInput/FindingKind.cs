namespace Marketplace.BadInput;

/// <summary>Each way an answer to bad input can be wrong.</summary>
public enum FindingKind
{
    /// <summary>A 5xx: bad input must be refused with a 4xx.</summary>
    ServerError,

    /// <summary>Exception names, stack frames or source lines in the body.</summary>
    ExceptionText,

    /// <summary>An error answered with something other than a problem document carrying a "code".</summary>
    NotAProblemDocument,

    /// <summary>A forgery (token, signature, key, route) answered with success.</summary>
    ForgeryAccepted,

    /// <summary>No answer: the connection failed or the request timed out.</summary>
    NoAnswer,
}
