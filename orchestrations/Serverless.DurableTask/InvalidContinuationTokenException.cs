namespace Serverless.DurableTask;

/// <summary>
/// Thrown by a backend given a continuation token it did not issue (malformed, or a position out of range): the caller's
/// mistake, so the management API answers 400, never a page from somewhere else.
/// </summary>
public sealed class InvalidContinuationTokenException : ArgumentException
{
    public InvalidContinuationTokenException()
        : base("The continuation token is not one this backend issued; pass the token from the previous page unchanged.")
    {
    }

    public InvalidContinuationTokenException(string message)
        : base(message)
    {
    }

    public InvalidContinuationTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
