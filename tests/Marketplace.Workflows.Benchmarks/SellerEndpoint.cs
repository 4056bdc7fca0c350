using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.Domain.Webhooks;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// The sellers' systems: one local HTTP endpoint per seller (<c>/hooks/{seller}</c>) that checks each webhook's
/// signature with that seller's secret and records when it arrived. Redeliveries (same id) are counted, not recorded.
/// </summary>
internal sealed class SellerEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IReadOnlyDictionary<string, string> _secrets;
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private int _badSignatures;
    private int _redeliveries;

    private SellerEndpoint(WebApplication app, IReadOnlyDictionary<string, string> secrets)
    {
        _app = app;
        _secrets = secrets;
    }

    /// <summary>Each first delivery: what arrived and when.</summary>
    public ConcurrentQueue<Arrival> Arrivals { get; } = new();

    public int BadSignatures => Volatile.Read(ref _badSignatures);

    public int Redeliveries => Volatile.Read(ref _redeliveries);

    public Uri UrlFor(string seller) => new($"{_app.Urls.Single()}/hooks/{seller}");

    public string SecretFor(string seller) => _secrets[seller];

    /// <summary>Listens on a free loopback port for <paramref name="sellers"/>, each with a secret of its own.</summary>
    public static async Task<SellerEndpoint> StartAsync(IEnumerable<string> sellers)
    {
        var secretsBySeller = sellers.ToDictionary(s => s, s => $"{s}-reminder-secret-{Guid.NewGuid():N}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new SellerEndpoint(app, secretsBySeller);
        app.MapPost("/hooks/{seller}", endpoint.ReceiveAsync);
        await app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(string seller, HttpRequest request)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (!_secrets.TryGetValue(seller, out var secret)
            || WebhookSignature.Verify(request.Headers[WebhookSignature.HeaderName], body, secret, receivedAt, WebhookSignature.DefaultTolerance) != SignatureCheck.Valid)
        {
            Interlocked.Increment(ref _badSignatures);
            return Results.Unauthorized();
        }

        var webhook = JsonSerializer.Deserialize<SellerWebhookBody>(body, JsonSerializerOptions.Web)!;
        if (!_seen.TryAdd(webhook.Id, 0))
        {
            Interlocked.Increment(ref _redeliveries);
            return Results.Ok();
        }

        Arrivals.Enqueue(new Arrival(webhook.Type, webhook.Id, webhook.ConversationId, webhook.DueAt, receivedAt));
        return Results.Ok();
    }
}

/// <summary>A webhook as the seller's system saw it (<paramref name="Id"/>: the notification's idempotency key).</summary>
internal sealed record Arrival(string Type, string Id, string ConversationId, DateTimeOffset DueAt, DateTimeOffset ReceivedAt)
{
    public const string Reminder = "reply_deadline.reminder";
    public const string Breach = "reply_deadline.breached";
}
