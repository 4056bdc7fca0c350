using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Marketplace.Domain.Webhooks;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>Calls the crash tests make to the app in its own process (<see cref="AppProcess"/>): clients, signed webhooks, waiting.</summary>
internal static class AppProcessCalls
{
    /// <summary>A client for the app, with <paramref name="token"/> as its bearer token when given.</summary>
    public static HttpClient Client(AppProcess app, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>Posts a marketplace event signed with <paramref name="secret"/>, and expects it accepted (202).</summary>
    public static async Task PostWebhookAsync(HttpClient http, string marketplace, string secret, string id, string type, string data)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{DateTimeOffset.UtcNow:O}}","data":{{data}}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{marketplace}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(body, secret, DateTimeOffset.UtcNow));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Polls <paramref name="condition"/> every <paramref name="poll"/> (250 ms) until it holds, failing after <paramref name="limit"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit, string what, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed >= limit)
            {
                throw new TimeoutException($"Timed out after {limit} waiting for {what}.");
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
