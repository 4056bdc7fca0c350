namespace Marketplace.Functions.Hosting;

/// <summary>The last error of a poison message's last delivery.</summary>
public sealed record PoisonReasonView(string Function, string ErrorType, string ErrorMessage, long Deliveries, DateTimeOffset FailedAt);
