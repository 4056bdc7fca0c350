namespace Marketplace.Functions.Outbound;

/// <summary>A request to a user-given URL was not sent: <see cref="WebhookDestinationPolicy"/> refused where it goes. The message says why.</summary>
public sealed class WebhookDestinationRefusedException : Exception
{
    public WebhookDestinationRefusedException()
    {
    }

    public WebhookDestinationRefusedException(string message)
        : base(message)
    {
    }

    public WebhookDestinationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
