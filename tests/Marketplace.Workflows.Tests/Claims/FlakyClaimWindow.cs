using Marketplace.Workflows.Claims;

namespace Marketplace.Workflows.Tests.Claims;

/// <summary>
/// One claim as the workflow sees it, whose storage fails the first call of each kind the test asks for (as a busy or
/// restarting storage account would), then answers. It counts every call, and the expiries that took effect.
/// </summary>
internal sealed class FlakyClaimWindow : IClaimWindow
{
    private int _checkFailuresLeft;
    private int _expiryFailuresLeft;
    private int _checks;
    private int _expiryAttempts;
    private int _expiries;

    public int CheckFailures { init => _checkFailuresLeft = value; }

    public int ExpiryFailures { init => _expiryFailuresLeft = value; }

    public int Checks => Volatile.Read(ref _checks);

    public int ExpiryAttempts => Volatile.Read(ref _expiryAttempts);

    /// <summary>How many times the claim was moved to mediation (the real store refuses a second time).</summary>
    public int Expiries => Volatile.Read(ref _expiries);

    public Task<bool> IsAwaitingSellerAsync(string claimId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checks);
        return Interlocked.Decrement(ref _checkFailuresLeft) >= 0
            ? throw new IOException("The claims table did not answer in time.")
            : Task.FromResult(Expiries == 0);
    }

    public Task<bool> ExpireAsync(string claimId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _expiryAttempts);
        if (Interlocked.Decrement(ref _expiryFailuresLeft) >= 0)
        {
            throw new IOException("The claims table did not answer in time.");
        }

        return Task.FromResult(Interlocked.Increment(ref _expiries) == 1);
    }
}
