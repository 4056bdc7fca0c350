namespace Marketplace.Functions.Translation;

/// <summary>Why a call to the translator failed, which decides whether and when to try again.</summary>
public enum TranslatorFailure
{
    /// <summary>Down, timed out, unreachable or answering 5xx: retry with backoff.</summary>
    Unavailable,

    /// <summary>429: too many requests or characters for now; retry after <see cref="TranslatorException.RetryAfter"/> if given.</summary>
    Throttled,

    /// <summary>The subscription's quota is used up (403001): retry much later.</summary>
    QuotaExceeded,

    /// <summary>The translator refused the request itself (bad language, credentials): retrying the same request will not help.</summary>
    Rejected,
}

/// <summary>A translator call that failed; carries the HTTP status and the Translator's error code, never the text.</summary>
public sealed class TranslatorException : Exception
{
    public TranslatorException()
    {
    }

    public TranslatorException(string message)
        : base(message)
    {
    }

    public TranslatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TranslatorException(TranslatorFailure failure, string message, int? status = null, int? errorCode = null, TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Status = status;
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
    }

    public TranslatorFailure Failure { get; } = TranslatorFailure.Unavailable;

    /// <summary>The HTTP status, when the translator answered.</summary>
    public int? Status { get; }

    /// <summary>The Translator's six-digit error code (e.g. 429001, 403001), when its body gave one.</summary>
    public int? ErrorCode { get; }

    /// <summary>How long the translator asked us to wait (its Retry-After header).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the same request may succeed later.</summary>
    public bool IsTransient => Failure != TranslatorFailure.Rejected;
}
