using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.Domain.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// A finance system and a payment system on one local port: /finance records each approval request's approve URL by
/// refund, /payments pays each idempotency key once (answering the first payment again on a repeat) and records when
/// each refund's payment request first arrived. Both check signatures.
/// </summary>
internal sealed class FinanceEndpoint : IAsyncDisposable
{
    public const string FinanceSecret = "bench-finance-secret-0000000001";
    public const string PaymentSecret = "bench-payment-secret-0000000001";
    private readonly WebApplication _app;
    private int _badSignatures;
    private int _repeatedPayments;

    private FinanceEndpoint(WebApplication app) => _app = app;

    public Uri FinanceUrl => new(_app.Urls.Single() + "/finance");

    public Uri PaymentUrl => new(_app.Urls.Single() + "/payments");

    /// <summary>Approval requests by refund id: the approve URL's path and query.</summary>
    public ConcurrentDictionary<string, string> ApproveUrls { get; } = new(StringComparer.Ordinal);

    /// <summary>Payments by refund id: when the payment request first arrived.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> PaidAt { get; } = new(StringComparer.Ordinal);

    public int BadSignatures => Volatile.Read(ref _badSignatures);

    public int RepeatedPayments => Volatile.Read(ref _repeatedPayments);

    public static async Task<FinanceEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new FinanceEndpoint(app);
        app.MapPost("/finance", endpoint.ReceiveApprovalRequestAsync);
        app.MapPost("/payments", endpoint.PayAsync);
        await app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveApprovalRequestAsync(HttpRequest request)
    {
        var body = await ReadAsync(request, FinanceSecret);
        if (body is null)
        {
            return Results.Unauthorized();
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("type").GetString() == "refund.approval_requested")
        {
            ApproveUrls.TryAdd(root.GetProperty("refundId").GetString()!,
                new Uri(root.GetProperty("callbacks").GetProperty("approve").GetString()!).PathAndQuery);
        }

        return Results.Ok();
    }

    private async Task<IResult> PayAsync(HttpRequest request)
    {
        var arrived = DateTimeOffset.UtcNow;
        var body = await ReadAsync(request, PaymentSecret);
        if (body is null)
        {
            return Results.Unauthorized();
        }

        using var json = JsonDocument.Parse(body);
        var refundId = json.RootElement.GetProperty("refundId").GetString()!;
        if (!PaidAt.TryAdd(refundId, arrived))
        {
            Interlocked.Increment(ref _repeatedPayments);
        }

        return Results.Json(new { paymentId = "pay-" + refundId });
    }

    private async Task<byte[]?> ReadAsync(HttpRequest request, string secret)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (WebhookSignature.Verify(request.Headers[WebhookSignature.HeaderName], body, secret, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance)
            != SignatureCheck.Valid)
        {
            Interlocked.Increment(ref _badSignatures);
            return null;
        }

        return body;
    }
}
