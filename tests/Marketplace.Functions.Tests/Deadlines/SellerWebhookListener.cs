using System.Collections.Concurrent;
using Marketplace.Domain.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Functions.Tests.Deadlines;

/// <summary>
/// A seller's (or a marketplace's) system on a real local port: records every webhook it accepts, whether its signature
/// verifies, and its idempotency key; <see cref="FailWith"/> makes it answer an error instead (counting the refusals).
/// </summary>
internal sealed class SellerWebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SellerWebhookListener(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    public string Secret { get; }

    public Uri Url => new(_app.Urls.Single() + "/hooks/reminders");

    /// <summary>The port the listener is on (loopback).</summary>
    public int Port => new Uri(_app.Urls.Single()).Port;

    public ConcurrentQueue<(string Body, SignatureCheck Signature, DateTimeOffset ReceivedAt)> Received { get; } = new();

    /// <summary>The Idempotency-Key of each accepted webhook, in arrival order.</summary>
    public ConcurrentQueue<string> IdempotencyKeys { get; } = new();

    /// <summary>While set, every webhook is answered with this status and not recorded as received.</summary>
    public int? FailWith { get; set; }

    public int Refused => _refused;

    private int _refused;

    public static async Task<SellerWebhookListener> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new SellerWebhookListener(app, secret);
        app.MapPost("/hooks/reminders", async (HttpRequest request) =>
        {
            if (listener.FailWith is { } status)
            {
                Interlocked.Increment(ref listener._refused);
                return Results.StatusCode(status);
            }

            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var check = WebhookSignature.Verify(request.Headers[WebhookSignature.HeaderName], body, secret, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance);
            listener.IdempotencyKeys.Enqueue(request.Headers["Idempotency-Key"].ToString());
            listener.Received.Enqueue((System.Text.Encoding.UTF8.GetString(body), check, DateTimeOffset.UtcNow));
            return Results.Ok();
        });
        // A seller endpoint that moved: a redirect must not be followed (it could point anywhere, this machine included).
        app.MapPost("/hooks/moved", () => Results.Redirect("/hooks/reminders", permanent: false, preserveMethod: true));
        await app.StartAsync();
        return listener;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
