using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Marketplace.Functions.Security;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>
/// JSON request bodies whose strings are not Unicode text (an unpaired surrogate escape, bytes that are not UTF-8) or
/// whose message text holds control characters: the caller's mistake, so 400 naming where, never a 500.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RequestTextTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    private readonly MessagingApp _app = new(azurite);
    private string _conversation = "";

    public async Task InitializeAsync() => _conversation = (await _app.SeedOrderAsync("text-1", "b-1", "s-1")).Id;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string, string> LoneSurrogates => new()
    {
        { "POST", "messages", """{"text":"Hola \ud800"}""" },
        { "POST", "messages", """{"text":"Hola","attachmentIds":["\udc00"]}""" },
        { "POST", "messages", """{"text":"Hola","\ud800":1}""" },
        { "POST", "read", """{"throughMessageId":1,"\ud800":"x"}""" },
        { "PUT", "/api/seller/settings", """{"reminderWebhookUrl":"https://hooks.example/r","reminderWebhookSecret":"0123456789abcdef\ud800"}""" },
        { "POST", "/api/seller/vacations", """{"start":"2026-12-01T00:00:00Z\ud800","end":"2026-12-02T00:00:00Z"}""" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task Body_WithALoneSurrogate_Is400MalformedJson(string method, string path, string json)
    {
        var response = await SendAsync(method, path, Encoding.UTF8.GetBytes(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_json", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("POST", "messages", """{"text":"Hola @@"}""")]
    [InlineData("POST", "messages", """{"text":"Hola","attachmentIds":["@@"]}""")]
    [InlineData("PUT", "/api/seller/settings", """{"reminderWebhookUrl":"https://hooks.example/r@@","reminderWebhookSecret":"0123456789abcdef"}""")]
    public async Task Body_WithBytesThatAreNotUtf8_Is400MalformedJson(string method, string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var at = body.AsSpan().IndexOf("@@"u8);
        body[at] = 0xC3; // a lead byte without its continuation
        body[at + 1] = (byte)'(';

        var response = await SendAsync(method, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_json", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    // As any member the API does not know, it is skipped unread; only the webhook body is checked whole (it is copied on).
    [Theory]
    [InlineData("""{"optOutOfUnsolicitedMessages":true,"note":"\udfff"}""")]
    [InlineData("""{"optOutOfUnsolicitedMessages":true,"note":"@@"}""")]
    [InlineData("""{"optOutOfUnsolicitedMessages":true,"@@":"x"}""")]
    public async Task Body_UnknownMemberThatIsNotUnicode_IsIgnored(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var at = body.AsSpan().IndexOf("@@"u8);
        if (at >= 0)
        {
            body[at] = 0xFF;
        }

        var response = await SendAsync("PUT", "/api/me/preferences", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(@"Hola\u0000")]
    [InlineData(@"\u001b[2JHola")]
    [InlineData(@"Ho\u0008la")]
    public async Task SendMessage_TextWithControlCharacters_Is400NamingText(string escapedText)
    {
        var response = await SendAsync("POST", "messages", Encoding.UTF8.GetBytes($$"""{"text":"{{escapedText}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Equal(["text"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task SendMessage_TextWithTabsAndLineBreaks_IsSent()
    {
        var response = await SendAsync("POST", "messages", Encoding.UTF8.GetBytes("""{"text":"Line 1\r\nLine 2\tend"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Line 1\r\nLine 2\tend", (await MessagingApp.JsonAsync(response)).GetProperty("text").GetString());
    }

    // Relative paths are under the seeded conversation; the seller's own settings need a seller, the rest a buyer.
    private async Task<HttpResponseMessage> SendAsync(string method, string path, byte[] body)
    {
        var url = path.StartsWith('/') ? path : $"/api/conversations/{_conversation}/{path}";
        using var client = _app.ClientFor(url.StartsWith("/api/seller/", StringComparison.Ordinal) ? s_seller : s_buyer);
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.SendAsync(request);
    }
}
