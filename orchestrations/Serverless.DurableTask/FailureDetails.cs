namespace Serverless.DurableTask;

/// <summary>What went wrong in an activity, sub-orchestration or orchestration, as it is stored in history.</summary>
/// <param name="ErrorType">Full name of the exception type that caused the failure.</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="StackTrace">The stack trace, when one was available.</param>
/// <param name="InnerFailure">The failure that caused this one, if any.</param>
public sealed record FailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, FailureDetails? InnerFailure = null)
{
    /// <summary>Builds failure details from an exception, recursively including inner exceptions.</summary>
    public static FailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            // A failed task re-thrown by an orchestrator keeps the original failure as its cause.
            TaskFailedException tfe => new FailureDetails(
                exception.GetType().FullName!, exception.Message, exception.StackTrace, tfe.FailureDetails),
            _ => new FailureDetails(
                exception.GetType().FullName!,
                exception.Message,
                exception.StackTrace,
                exception.InnerException is null ? null : FromException(exception.InnerException)),
        };
    }

    /// <summary>True when this failure (or not its inner ones) was caused by an exception of type <typeparamref name="T"/>.</summary>
    public bool IsCausedBy<T>()
        where T : Exception
        => string.Equals(ErrorType, typeof(T).FullName, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
