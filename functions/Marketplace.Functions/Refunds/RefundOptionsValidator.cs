using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Refunds;

/// <summary>Refuses to start with refund settings that would fail later: a missing callback key, short secrets, relative URLs.</summary>
internal sealed class RefundOptionsValidator : IValidateOptions<RefundOptions>
{
    public ValidateOptionsResult Validate(string? name, RefundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var section = RefundOptions.Section;
        var webhooks = new List<(string Key, RefundEndpointOptions? Endpoint)>
        {
            ($"{section}:FinanceWebhook", options.FinanceWebhook),
            ($"{section}:EscalationWebhook", options.EscalationWebhook),
            ($"{section}:Payment", options.Payment),
        };
        webhooks.AddRange(options.FinanceWebhooks.Select(p => ($"{section}:FinanceWebhooks:{p.Key}", (RefundEndpointOptions?)p.Value)));
        foreach (var (key, endpoint) in webhooks.Where(w => w.Endpoint is { Url: not null } or { Secret.Length: > 0 }))
        {
            if (endpoint!.Url is not { IsAbsoluteUri: true })
            {
                errors.Add($"{key}:Url must be an absolute URL.");
            }

            if (endpoint.Secret is not { Length: >= 16 })
            {
                errors.Add($"{key}:Secret must be at least 16 characters (it signs the requests).");
            }
        }

        var sendsCallbacks = options.FinanceWebhook?.Url is not null || options.FinanceWebhooks.Values.Any(w => w.Url is not null) || options.EscalationWebhook?.Url is not null;
        if (sendsCallbacks && options.CallbackKey is not { Length: >= 32 })
        {
            errors.Add($"{section}:CallbackKey must be at least 32 characters when a finance webhook is configured (it signs the callback URLs).");
        }

        if (options.CallbackLifetime <= TimeSpan.Zero || options.ReminderAfter <= TimeSpan.Zero || options.EscalateAfter < options.ReminderAfter)
        {
            errors.Add($"{section}:CallbackLifetime and {section}:ReminderAfter must be positive, and {section}:EscalateAfter at least ReminderAfter.");
        }

        if (options.FourEyesAbove < 0 || options.PaymentAttempts < 1 || options.NotificationAttempts < 1)
        {
            errors.Add($"{section}:FourEyesAbove must be 0 or more, {section}:PaymentAttempts and {section}:NotificationAttempts at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
