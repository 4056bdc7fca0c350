namespace Marketplace.Functions.EventsOut;

/// <summary>
/// A queued request to deliver a stream's pending events. <paramref name="Attempt"/> is 0 when a change asks for it and
/// the retry's number when a failed delivery scheduled it.
/// </summary>
public sealed record EventKick(string Marketplace, string Stream, int Attempt);
