namespace Marketplace.Functions.Translation;

/// <summary>
/// How long a failed translation waits before its next background attempt: <see cref="TranslationOptions.RetryDelay"/>
/// doubled per attempt up to <see cref="TranslationOptions.MaxRetryDelay"/>, never sooner than the Translator's
/// Retry-After, and at least <see cref="TranslationOptions.QuotaRetryDelay"/> once the quota is used up.
/// </summary>
internal static class TranslationBackoff
{
    /// <summary>The longest a queue message can stay invisible.</summary>
    private static readonly TimeSpan s_queueLimit = TimeSpan.FromDays(7);

    public static TimeSpan Next(TranslationOptions options, int attempt, TranslatorException failure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var doubled = options.RetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(doubled, options.MaxRetryDelay.Ticks));
        if (failure.RetryAfter is { } retryAfter && retryAfter > delay)
        {
            delay = retryAfter;
        }

        if (failure.Failure == TranslatorFailure.QuotaExceeded && options.QuotaRetryDelay > delay)
        {
            delay = options.QuotaRetryDelay;
        }

        return delay < s_queueLimit ? delay : s_queueLimit;
    }
}
