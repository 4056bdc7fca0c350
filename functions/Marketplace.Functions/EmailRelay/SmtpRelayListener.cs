using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// The self-host's inbound SMTP listener (SmtpServer) on <see cref="EmailRelayOptions.ListenPort"/>; nothing when that is
/// unset. RCPT TO an unknown or revoked alias is answered 550 with the reason; at DATA the whole mail goes through
/// <see cref="InboundMailGate"/> (sender, authentication results, automatic mail, size) and is queued, and only then is it
/// answered 250. In Azure, where a function app takes no SMTP, an email provider posts the mail to <c>POST /api/email/inbound</c>.
/// </summary>
internal sealed class SmtpRelayListener(IServiceProvider services, IOptions<EmailRelayOptions> options, ILogger<SmtpRelayListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.ListenPort is not { } port || !settings.Enabled)
        {
            return;
        }

        var endpoint = new IPEndPoint(IPAddress.Parse(settings.ListenAddress), port);
        var smtpOptions = new SmtpServerOptionsBuilder()
            .ServerName(settings.Domain!)
            .MaxMessageSize(settings.MaxMessageBytes, MaxMessageSizeHandling.Strict)
            .Endpoint(builder => builder.Endpoint(endpoint))
            .Build();
        var gate = services.GetRequiredService<InboundMailGate>();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new AliasFilter(gate));
        provider.Add(new GateStore(gate));
        var server = new SmtpServer.SmtpServer(smtpOptions, provider);
        server.SessionFaulted += (_, e) => EmailRelayLog.SessionFaulted(logger, e.Exception.GetType().Name);
        EmailRelayLog.Listening(logger, endpoint.ToString());
        try
        {
            await server.StartAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // The API and the queues still serve (mail can also come through the inbound webhook); the port is the operator's to fix.
            EmailRelayLog.ListenFailed(logger, endpoint.ToString(), ex.SocketErrorCode.ToString());
        }
    }

    internal static SmtpResponseException Reject(MailRefusal refusal) =>
        new(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, refusal.ToString()));

    /// <summary>RCPT TO: only live aliases.</summary>
    private sealed class AliasFilter(InboundMailGate gate) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var (_, refusal) = await gate.CheckRecipientAsync(to.AsAddress(), cancellationToken).ConfigureAwait(false);
            return refusal is null ? true : throw Reject(refusal);
        }
    }

    /// <summary>DATA: checked whole and queued before the 250.</summary>
    private sealed class GateStore(InboundMailGate gate) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var outcome = await gate.AcceptAsync([.. transaction.To.Select(m => m.AsAddress())], buffer.ToArray(), cancellationToken).ConfigureAwait(false);
            return outcome.Refusal is { } refusal
                ? new SmtpResponse(refusal.Code == "message_too_large" ? SmtpReplyCode.SizeLimitExceeded : SmtpReplyCode.MailboxUnavailable, refusal.ToString())
                : SmtpResponse.Ok;
        }
    }
}
