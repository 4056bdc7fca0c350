using System.Security.Cryptography;
using System.Text.Json;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Templates;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>List, read and send the messages of a conversation.</summary>
internal static class MessageEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static async Task<Results<Ok<MessagePage>, ProblemHttpResult>> ListAsync(
        string id, string? cursor, int? limit, HttpContext http, ConversationAccess access, ConversationStore conversations,
        TranslatedViews translated, CancellationToken cancellationToken, string? order = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be from 1 to {MaxLimit}."];
        }

        var newestFirst = order switch
        {
            null or "oldest-first" => false,
            "newest-first" => true,
            _ => (bool?)null,
        };
        if (newestFirst is null)
        {
            errors["order"] = ["Must be 'oldest-first' (the default) or 'newest-first'."];
        }

        long after = 0, before = long.MaxValue;
        if (newestFirst == true ? !Cursor.TryDecodeBefore(cursor, out before) : !Cursor.TryDecodeSequence(cursor, out after))
        {
            errors["cursor"] = ["Is not a cursor this API returned; pass 'nextCursor' from the previous page unchanged."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var caller = CallerAccessor.Require(http);
        var conversation = await access.ReadAsync(caller, id, "read_messages", cancellationToken).ConfigureAwait(false);
        var viewer = ConversationAccess.AsParty(caller, conversation);
        var page = newestFirst == true
            ? await conversations.ListMessagesBeforeAsync(
                id, Math.Min(before, conversation.Summary.MessageCount + 1), limit ?? DefaultLimit, cancellationToken, viewer).ConfigureAwait(false)
            : await conversations.ListMessagesAsync(id, after, limit ?? DefaultLimit, cancellationToken, viewer).ConfigureAwait(false);
        var views = await translated.ForReaderAsync(
            http.Request, conversation, viewer, page.Items, [.. page.Items.Select(m => View(m, conversation, viewer))], cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new MessagePage(views, page.NextCursor));
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(
        string id, long messageId, HttpContext http, ConversationAccess access, ConversationStore conversations, TranslatedViews translated,
        CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(http);
        var conversation = await access.ReadAsync(caller, id, "read_messages", cancellationToken).ConfigureAwait(false);
        var viewer = ConversationAccess.AsParty(caller, conversation);
        var message = await conversations.GetMessageAsync(id, messageId, cancellationToken).ConfigureAwait(false);
        if (message is null || (viewer is { } party && message.AuthorRole != party && message.Status != MessageStatus.Delivered))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "message_not_found", "Not found", $"Conversation '{id}' has no message {messageId}.");
        }

        var views = await translated.ForReaderAsync(http.Request, conversation, viewer, [message], [View(message, conversation, viewer)], cancellationToken)
            .ConfigureAwait(false);
        return TypedResults.Ok(views[0]);
    }

    public static async Task<Results<Created<MessageView>, Accepted<MessageView>, ProblemHttpResult>> SendAsync(
        string id, SendMessageRequest? body, HttpContext http, DurableTaskClient durable, ConversationAccess access, ConversationEvents events,
        MarketplaceProfiles profiles, TranslatedViews translated, TimeProvider time, CancellationToken cancellationToken,
        TemplateSends? templates = null)
    {
        var caller = CallerAccessor.Require(http);
        var (conversation, role) = await access.WriteAsync(caller, id, cancellationToken).ConfigureAwait(false);
        var asSent = body; // what a retry under the same Idempotency-Key must repeat, before any template is filled in
        TemplateUse? sentBy = null;
        if (body?.TemplateId is { } && templates is not null)
        {
            var resolved = await templates.ResolveAsync(body, conversation, role, cancellationToken).ConfigureAwait(false);
            if (resolved.Problem is { } refused)
            {
                return refused;
            }

            (body, sentBy) = (resolved.Request, resolved.Use);
        }

        var profile = profiles.Get(conversation.Marketplace);
        var idempotencyKey = http.Request.Headers[IdempotencyKeyHeader].ToString();
        var errors = Validate(body, role, profile, idempotencyKey);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var message = new NewMessage(
            role, caller.PartyId, body!.Text?.Trim() ?? "", time.GetUtcNow(), body.Reason, MessageSource.Api, null,
            body.AttachmentIds ?? [], []) { SentBy = sentBy };
        var deduplication = idempotencyKey.Length > 0 ? Deduplication.ForIdempotencyKey(caller.PartyId, idempotencyKey, Fingerprint(asSent!)) : null;
        var result = await events.AppendAsync(durable, id, message, deduplication, static _ => { }, cancellationToken).ConfigureAwait(false);
        var location = $"/api/conversations/{Uri.EscapeDataString(id)}/messages/{result.Message.Sequence}";
        if (result.IsDuplicateOfAnotherRequest(deduplication))
        {
            return KeyReused(idempotencyKey, location, result.Message.Sequence);
        }

        if (result.WasDuplicate)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        var view = translated.ForAuthor(View(result.Message, result.Conversation, role));
        return result.Message.Status switch
        {
            MessageStatus.Held => TypedResults.Accepted(location, view),
            MessageStatus.Blocked => Blocked(location, result.Message),
            _ => TypedResults.Created(location, view),
        };
    }

    /// <summary>A hash of the send request as its JSON, so that a retry (the same body) matches and another message does not.</summary>
    private static string Fingerprint(SendMessageRequest request) =>
        Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, MessagingJsonContext.Default.SendMessageRequest)));

    // The key already stands for another message: replaying that one as if it were this request would drop this message
    // unseen (a client reusing keys by mistake), so the sender is told to retry with the first body or use a new key.
    private static ProblemHttpResult KeyReused(string idempotencyKey, string location, long sequence)
    {
        var problem = Problems.Create(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused", "Idempotency-Key already used",
            $"Idempotency-Key '{idempotencyKey}' was already used for a different message (message {sequence} here). A retry must send the same body; "
            + "send a new message with a new key.");
        problem.ProblemDetails.Extensions["messageId"] = sequence;
        problem.ProblemDetails.Extensions["messageLocation"] = location;
        return problem;
    }

    // 422 with every reason, so the author can fix the message in one go; the blocked message is kept
    // (visible to its author and admins) at "messageLocation".
    private static ProblemHttpResult Blocked(string location, Message message)
    {
        var reasons = message.Moderation.Violations.Select(v => v.Explanation)
            .Concat(message.Moderation.Findings.Where(f => f.Action == "block").Select(f => f.Explanation));
        var problem = Problems.Create(StatusCodes.Status422UnprocessableEntity, "message_blocked", "Message not delivered",
            string.Join(" ", reasons));
        problem.ProblemDetails.Extensions["messageId"] = message.Sequence;
        problem.ProblemDetails.Extensions["messageLocation"] = location;
        problem.ProblemDetails.Extensions["findings"] = message.Moderation.Findings;
        problem.ProblemDetails.Extensions["violations"] = message.Moderation.Violations;
        return problem;
    }

    // Admins and marketplaces (viewer null) and the author see the moderation record; the recipient does not.
    private static MessageView View(Message message, Conversation conversation, PartyRole? viewer) =>
        MessageView.From(message, conversation, showModeration: viewer is null || viewer == message.AuthorRole);

    private static Dictionary<string, string[]> Validate(SendMessageRequest? body, PartyRole role, MarketplaceProfile profile, string idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors["body"] = ["Send a JSON object: {\"text\": \"…\", \"reason\": \"…\", \"attachmentIds\": [\"…\"]}, or {\"templateId\": \"…\", \"variables\": {…}}."];
            return errors;
        }

        var text = body.Text?.Trim() ?? "";
        var attachments = body.AttachmentIds ?? [];
        if (text.Length == 0 && attachments.Count == 0)
        {
            errors["text"] = ["Write a message, or attach at least one file."];
        }
        else if (text.Length > profile.MaxTextLength)
        {
            errors["text"] = [$"Is {text.Length} characters; this marketplace allows at most {profile.MaxTextLength}."];
        }
        else if (MessageText.HasControlCharacters(text))
        {
            errors["text"] = [MessageText.ControlCharacterRule];
        }

        if (attachments.Count > profile.MaxAttachmentsPerMessage)
        {
            errors["attachmentIds"] = [$"Has {attachments.Count} attachments; this marketplace allows at most {profile.MaxAttachmentsPerMessage} per message."];
        }
        else if (attachments.Any(a => !Identifiers.IsValid(a)))
        {
            errors["attachmentIds"] = ["Each must be an attachment id returned by the upload endpoint."];
        }

        if (body.Reason is { Length: > 64 })
        {
            errors["reason"] = ["Must be a reason code from your marketplace's list (at most 64 characters)."];
        }
        else if (body.Reason is not null && role != PartyRole.Seller)
        {
            errors["reason"] = ["Only sellers give a message reason; leave it out."];
        }

        if (idempotencyKey.Length > 0 && !Identifiers.IsValid(idempotencyKey))
        {
            errors[IdempotencyKeyHeader] = [$"Must be {Identifiers.Rule}."];
        }

        return errors;
    }
}
