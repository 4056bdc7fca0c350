using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.Domain.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Functions.Tests.Refunds;

/// <summary>
/// A payment system on a real local port, as payment APIs behave: a request with an Idempotency-Key it already executed
/// answers the first result again instead of paying twice. It can fail its first requests before paying (an outage) or
/// after paying (the answer lost on the way back: what a crash between payment and its record looks like to the app).
/// </summary>
internal sealed class FakePaymentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresBeforePaying;
    private int _failuresAfterPaying;
    private int _holdsAfterPaying;

    private FakePaymentServer(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    public string Secret { get; }

    public Uri Url => new(_app.Urls.Single() + "/payments/refunds");

    /// <summary>Every request: its idempotency key, whether its signature verified, and the status answered.</summary>
    public ConcurrentQueue<(string Key, SignatureCheck Signature, int Status)> Requests { get; } = new();

    /// <summary>Executed payments by idempotency key: the refund id and amount paid, and the payment id given.</summary>
    public ConcurrentDictionary<string, (string RefundId, decimal Amount, string PaymentId)> Executed { get; } = new();

    /// <summary>How many payments were really made (a repeated key is not a payment).</summary>
    public int Payments => Executed.Count;

    public void FailBeforePaying(int times) => _failuresBeforePaying = times;

    public void FailAfterPaying(int times) => _failuresAfterPaying = times;

    /// <summary>The first answer after paying waits until <see cref="Release"/> (or a minute): time to kill the caller.</summary>
    public void HoldFirstAnswerAfterPaying() => _holdsAfterPaying = 1;

    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakePaymentServer> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakePaymentServer(app, secret);
        app.MapPost("/payments/refunds", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var check = WebhookSignature.Verify(request.Headers[WebhookSignature.HeaderName], body, Secret, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance);
        var key = request.Headers["Idempotency-Key"].ToString();
        if (check != SignatureCheck.Valid || key.Length == 0)
        {
            Requests.Enqueue((key, check, 401));
            return Results.StatusCode(401);
        }

        if (Interlocked.Decrement(ref _failuresBeforePaying) >= 0)
        {
            Requests.Enqueue((key, check, 503));
            return Results.StatusCode(503);
        }

        using var json = JsonDocument.Parse(body);
        var payment = Executed.GetOrAdd(key, _ => (json.RootElement.GetProperty("refundId").GetString()!, json.RootElement.GetProperty("amount").GetDecimal(),
            "pay-" + Guid.NewGuid().ToString("N")[..12]));
        if (Interlocked.Decrement(ref _failuresAfterPaying) >= 0)
        {
            Requests.Enqueue((key, check, 500));
            return Results.StatusCode(500);
        }

        if (Interlocked.Decrement(ref _holdsAfterPaying) >= 0)
        {
            Held.TrySetResult();
            await Task.WhenAny(Release.Task, Task.Delay(TimeSpan.FromMinutes(1)));
        }

        Requests.Enqueue((key, check, 200));
        return Results.Json(new { paymentId = payment.PaymentId });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
