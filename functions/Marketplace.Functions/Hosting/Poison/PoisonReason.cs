namespace Marketplace.Functions.Hosting;

/// <summary>
/// Why a queue message ended in "{queue}-poison": the last error of its last delivery (exception type and
/// message; never the message body). Matched to the poison copy by the SHA-256 of the body, because the
/// poison copy gets a new message id (the Functions host moves it without telling us the new id).
/// </summary>
public sealed record PoisonReason(
    string QueueName,
    string MessageId,
    string FunctionName,
    string ErrorType,
    string ErrorMessage,
    long DequeueCount,
    string BodySha256,
    DateTimeOffset FailedAt);
