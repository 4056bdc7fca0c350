namespace Marketplace.Functions.Deadlines;

/// <summary>Settings of reply deadlines and the sellers' reminder webhooks (section "Deadlines").</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>
    /// Lets sellers' webhook URLs point at this machine's loopback addresses, over plain http too: for local development
    /// with a listener on 127.0.0.1 only. Off by default; start-up refuses it outside the Development environment,
    /// because it would let any seller make the app call itself (its admin routes, the storage emulator…).
    /// </summary>
    public bool AllowLoopbackWebhooks { get; set; }
}
