using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Marketplace.Domain.Attachments;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Profiles;
using Marketplace.Email;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Storage;
using Marketplace.Storage.Email;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// Stores a queued inbound email as the writing party's message through the normal path (<see cref="ConversationEvents"/>:
/// content policy, storage, inboxes, the seller's reply deadline, translation, events out): the new text only (quoted
/// replies and signatures cut by <see cref="InboundEmailReader"/>), its files through the attachment rules. The email's
/// Message-ID is the message's idempotency key, so an email delivered twice (or a retried job) is stored once.
/// </summary>
internal sealed class InboundEmailProcessor(
    EmailAliasStore aliases, ConversationStore conversations, AttachmentBlobStore attachmentBlobs, ConversationEvents events,
    MarketplaceProfiles profiles, BlobServiceClient blobs, StorageNames names, TimeProvider time, ILogger<InboundEmailProcessor> logger)
{
    public async Task RunAsync(InboundEmailJob job, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var blob = blobs.GetBlobContainerClient(names.InboundEmailContainer).GetBlobClient(job.BlobName);
        byte[] raw;
        try
        {
            raw = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted after it was stored, by an earlier delivery of this job.
            return;
        }

        await StoreAsync(job, raw, durable, cancellationToken).ConfigureAwait(false);
        await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task StoreAsync(InboundEmailJob job, byte[] raw, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var alias = await aliases.FindAsync(job.Alias, cancellationToken).ConfigureAwait(false);
        if (alias is null || alias.IsRevoked
            || await conversations.GetAsync(alias.ConversationId, cancellationToken).ConfigureAwait(false) is not { } conversation)
        {
            EmailRelayLog.Dropped(logger, alias?.ConversationId ?? "-", "alias revoked or gone since it was accepted");
            return;
        }

        using var stream = new MemoryStream(raw, writable: false);
        var email = await InboundEmailReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (email.IsAutomatic)
        {
            EmailRelayLog.Dropped(logger, conversation.Id, "automatic mail");
            return;
        }

        var writer = alias.Writer;
        var writerId = conversation.PartyId(writer);
        var profile = profiles.Get(conversation.Marketplace);
        // The idempotency key the API's Idempotency-Key header uses, keyed by the email's own id.
        var key = "email-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.MessageId ?? Convert.ToHexString(SHA256.HashData(raw)))))[..40];
        var (attachmentIds, refused) = await StoreAttachmentsAsync(conversation, writer, writerId, key, email.Attachments, profile, cancellationToken)
            .ConfigureAwait(false);
        var text = Clean(email.NewText, profile.MaxTextLength);
        if (text.Length == 0 && attachmentIds.Count == 0)
        {
            EmailRelayLog.Dropped(logger, conversation.Id, "no new text and no accepted attachment");
            return;
        }

        var message = new NewMessage(writer, writerId, text, time.GetUtcNow(), null, MessageSource.Email, email.MessageId, attachmentIds, []);
        var result = await events.AppendAsync(
            durable, conversation.Id, message, Deduplication.ForIdempotencyKey(writerId, key), static _ => { }, cancellationToken).ConfigureAwait(false);
        EmailRelayLog.Stored(logger, conversation.Id, result.Message.Sequence, result.Message.Status.ToString(), attachmentIds.Count, refused);
    }

    // Attachments first, then inline images, up to the marketplace's count; each checked as an upload is (type from the bytes,
    // size, allowed kinds). Ids derive from the email, so a retried job finds its uploads instead of adding more.
    private async Task<(IReadOnlyList<string> Ids, int Refused)> StoreAttachmentsAsync(
        Conversation conversation, Domain.Events.PartyRole writer, string writerId, string key, IReadOnlyList<InboundAttachment> files,
        MarketplaceProfile profile, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var refused = 0;
        var index = 0;
        foreach (var file in files.OrderBy(f => f.Inline))
        {
            index++;
            var kind = file.Content.Length <= profile.MaxAttachmentBytes ? AttachmentSniffer.Inspect(file.Content).Kind : null;
            if (kind is not { } allowed || !profile.AllowedAttachmentKinds.Contains(allowed) || ids.Count >= profile.MaxAttachmentsPerMessage)
            {
                refused++;
                continue;
            }

            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{conversation.Id}/{key}/{index}")))[..32];
            if (await conversations.GetAttachmentAsync(conversation.Id, id, cancellationToken).ConfigureAwait(false) is null)
            {
                var attachment = new StoredAttachment(
                    id, conversation.Id, writer, writerId, FileName(file.FileName), allowed, AttachmentSniffer.ContentType(allowed), file.Content.Length,
                    Convert.ToHexStringLower(SHA256.HashData(file.Content)), time.GetUtcNow(), null);
                await attachmentBlobs.UploadAsync(conversation.Id, id, BinaryData.FromBytes(file.Content), attachment.ContentType, cancellationToken)
                    .ConfigureAwait(false);
                try
                {
                    await conversations.AddAttachmentAsync(attachment, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    // Another delivery of this job added it first.
                }
            }

            ids.Add(id);
        }

        return (ids, refused);
    }

    // Mail text may carry form feeds, NULs and the like that no message may hold; a long email is cut at the marketplace's limit.
    private static string Clean(string text, int maxLength)
    {
        var cleaned = new string([.. text.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r')]).Trim();
        return cleaned.Length <= maxLength ? cleaned : cleaned[..(maxLength - 1)].TrimEnd() + "…";
    }

    private static string FileName(string name)
    {
        var clean = new string([.. Path.GetFileName(name).Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/'))]).Trim();
        return clean.Length == 0 ? "attachment" : clean.Length <= 255 ? clean : clean[..255];
    }
}
