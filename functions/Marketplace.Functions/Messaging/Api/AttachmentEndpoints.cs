using System.Security.Cryptography;
using Marketplace.Domain.Attachments;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>
/// Upload (the raw bytes as the body, the file name in the query) and download of attachments. The type
/// comes from the bytes; downloads go through this API after the same authorization as the conversation.
/// </summary>
internal static class AttachmentEndpoints
{
    public const int MaxFileNameLength = 255;

    public static async Task<Results<Created<AttachmentView>, ProblemHttpResult>> UploadAsync(
        string id, string? fileName, HttpContext http, ConversationAccess access, ConversationStore conversations,
        AttachmentBlobStore blobs, MarketplaceProfiles profiles, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(http);
        var (conversation, role) = await access.WriteAsync(caller, id, cancellationToken).ConfigureAwait(false);
        var profile = profiles.Get(conversation.Marketplace);
        // A form is an envelope around a file, not a file: stored as it came, the recipient would get the form's bytes.
        if (http.Request.HasFormContentType)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "multipart_not_supported", "Send the file's raw bytes",
                "This upload takes the file's bytes as the whole request body, not a multipart or URL-encoded form: e.g. curl --data-binary @invoice.pdf "
                + "-H 'Content-Type: application/octet-stream' '.../attachments?fileName=invoice.pdf'. The type is decided from the bytes.");
        }

        var content = await RequestBody.ReadLimitedAsync(http.Request, profile.MaxAttachmentBytes, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            throw new MessagingException(MessagingError.TooLarge, "attachment_too_large",
                $"The file is larger than {profile.MaxAttachmentBytes} bytes ({profile.MaxAttachmentBytes / (1024.0 * 1024):0.#} MB), the limit on {conversation.Marketplace}.");
        }

        if (content.Length == 0)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["Send the file's bytes as the request body."] });
        }

        var kind = RequireAllowedKind(AttachmentSniffer.Inspect(content), conversation.Marketplace, profile);
        var attachment = new StoredAttachment(
            Guid.NewGuid().ToString("N"), id, role, caller.PartyId, CleanFileName(fileName), kind,
            AttachmentSniffer.ContentType(kind), content.Length, Convert.ToHexStringLower(SHA256.HashData(content)),
            time.GetUtcNow(), null);
        // Blob first: a crash between the two leaves an unreferenced blob, never a row without bytes.
        await blobs.UploadAsync(id, attachment.Id, BinaryData.FromBytes(content), attachment.ContentType, cancellationToken).ConfigureAwait(false);
        await conversations.AddAttachmentAsync(attachment, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/conversations/{Uri.EscapeDataString(id)}/attachments/{attachment.Id}", AttachmentView.From(attachment));
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string id, string attachmentId, HttpContext http, ConversationAccess access, ConversationStore conversations,
        AttachmentBlobStore blobs, CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(http);
        var conversation = await access.ReadAsync(caller, id, "download_attachment", cancellationToken).ConfigureAwait(false);
        var attachment = Identifiers.IsValid(attachmentId)
            ? await conversations.GetAttachmentAsync(id, attachmentId, cancellationToken).ConfigureAwait(false)
            : null;
        // Until a message carries it, an upload is visible to its uploader only.
        var visible = attachment is not null
            && (attachment.MessageSequence is not null || ConversationAccess.AsParty(caller, conversation) is { } role
                && role == attachment.UploaderRole && attachment.UploaderId == caller.PartyId);
        if (!visible)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "attachment_not_found", "Not found",
                $"Conversation '{id}' has no attachment '{attachmentId}' you can see.");
        }

        var stream = await blobs.OpenReadAsync(id, attachmentId, cancellationToken).ConfigureAwait(false);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, attachment!.ContentType, attachment.FileName);
    }

    // 415 naming the reason: a type we do not recognise or the marketplace does not allow, markup in text or a PDF,
    // text that is not UTF-8, a Word package that would inflate too far, macros.
    private static AttachmentKind RequireAllowedKind(AttachmentInspection inspection, string marketplace, MarketplaceProfile profile)
    {
        var accepts = $"{marketplace} accepts {string.Join(", ", profile.AllowedAttachmentKinds)} (decided from the bytes, whatever the file name says).";
        if (inspection.Kind is not { } kind)
        {
            throw new MessagingException(MessagingError.UnsupportedType, inspection.RefusalCode!, $"{inspection.Reason} {accepts}");
        }

        if (!profile.AllowedAttachmentKinds.Contains(kind))
        {
            throw new MessagingException(MessagingError.UnsupportedType, AttachmentRefusalCodes.TypeNotAllowed, $"The file's content is {kind}; {accepts}");
        }

        return kind;
    }

    private static string CleanFileName(string? fileName)
    {
        var name = Path.GetFileName(fileName ?? "").Trim();
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/')).ToArray());
        if (name.Length == 0)
        {
            return "attachment";
        }

        return name.Length <= MaxFileNameLength ? name : name[..MaxFileNameLength];
    }
}
