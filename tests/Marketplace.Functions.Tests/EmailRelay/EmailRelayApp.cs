using System.Net.Http.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using MailKit.Net.Smtp;
using MimeKit;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.EmailRelay;

/// <summary>
/// The app with the email relay on: aliases @relay.test, the SMTP listener on a free loopback port, outgoing mail in a
/// pickup folder of its own (read back as the parties' mailboxes).
/// </summary>
public sealed class EmailRelayApp : TestAppFactory
{
    public const string Domain = "relay.test";
    public const string InboundSecret = "test-inbound-email-secret-0001";

    public EmailRelayApp(AzuriteFixture azurite)
        : base(azurite)
    {
        SmtpPort = FreePort();
        Pickup = Directory.CreateTempSubdirectory("relay-pickup-").FullName;
        WithSetting("Messaging:WebhookSecrets:amazon", MessagingApp.AmazonSecret);
        WithSetting("EmailRelay:Domain", Domain);
        WithSetting("EmailRelay:ListenPort", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WithSetting("EmailRelay:PickupDirectory", Pickup);
        WithSetting("EmailRelay:InboundWebhookSecret", InboundSecret);
    }

    public int SmtpPort { get; }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public string Pickup { get; }

    public HttpClient ClientFor(Caller caller) => CreateClientFor(caller.Role, caller.PartyId, caller.Marketplace);

    public async Task PostWebhookAsync(string body)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/amazon") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(
            Marketplace.Domain.Webhooks.WebhookSignature.HeaderName,
            Marketplace.Domain.Webhooks.WebhookSignature.Create(bytes, MessagingApp.AmazonSecret, DateTimeOffset.UtcNow));
        using var client = CreateClient();
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    public async Task RegisterAsync(Caller party, string address)
    {
        using var client = ClientFor(party);
        var response = await client.PutAsJsonAsync("/api/me/email", new { addresses = new[] { address }, notifications = true });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The emails written so far to <paramref name="address"/>, oldest first.</summary>
    public List<MimeMessage> MailTo(string address) =>
        [.. Directory.GetFiles(Pickup, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(t => t.Address == address))];

    public async Task<MimeMessage> WaitForMailAsync(string address, int count)
    {
        await MessagingApp.EventuallyAsync(() => Task.FromResult(MailTo(address).Count >= count), $"email {count} to {address}");
        return MailTo(address)[count - 1];
    }

    /// <summary>Sends through the app's SMTP listener as a mail server would deliver it.</summary>
    public async Task SendSmtpAsync(MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", SmtpPort, MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    public static MimeMessage Reply(string from, string to, string text, string? messageId = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "Re: Order";
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("mail.test");
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(Pickup))
        {
            Directory.Delete(Pickup, recursive: true);
        }
    }
}
