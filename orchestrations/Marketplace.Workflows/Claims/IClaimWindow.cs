namespace Marketplace.Workflows.Claims;

/// <summary>What the claim workflow asks of the app: whether the claim still waits for the seller, and to expire it.</summary>
public interface IClaimWindow
{
    /// <summary>True while the claim is in a state the window governs (opened, or an offer pending).</summary>
    Task<bool> IsAwaitingSellerAsync(string claimId, CancellationToken cancellationToken);

    /// <summary>Moves the claim to mediation if the window still governs it; false if the parties got there first.</summary>
    Task<bool> ExpireAsync(string claimId, CancellationToken cancellationToken);
}
