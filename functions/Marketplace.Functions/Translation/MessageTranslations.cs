using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Translation;

/// <summary>
/// Translates messages for their readers, once per (message, language), and keeps the result
/// (<see cref="MessageTranslationStore"/>). A delivered message's translation for its known reader is queued on
/// <c>message-translations</c> and made by <see cref="TranslateMessageFunction"/>, never inside the send; a failure
/// leaves the message readable untranslated ("pending") and is retried from the queue with backoff.
/// </summary>
internal sealed class MessageTranslations(
    ITextTranslator translator, MessageTranslationStore store, ConversationStore conversations, TranslationScreening screening, ReaderLanguages languages,
    QueueServiceClient queues, StorageNames names, IOptions<TranslationOptions> options, TimeProvider time, ILogger<MessageTranslations> logger)
{
    public bool Enabled => options.Value.Enabled;

    /// <summary>
    /// Queues the translation of a just-delivered message for its reader. With <paramref name="repairedLater"/> (an API
    /// write, whose follow-up check queues what is missing) a storage failure is logged, not thrown: the message is
    /// delivered either way. Otherwise (a webhook's queue message) it is thrown, so the event is retried.
    /// </summary>
    public async Task OnDeliveredAsync(Conversation conversation, Message message, bool repairedLater, CancellationToken cancellationToken)
    {
        if (!Enabled || message.Status != MessageStatus.Delivered || message.Text.Length == 0)
        {
            return;
        }

        try
        {
            if (await languages.PreferredAsync(conversation, Other(message.AuthorRole), cancellationToken).ConfigureAwait(false) is { } language)
            {
                await QueueAsync(new TranslationJob(conversation.Id, message.Sequence, language, 1), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (repairedLater)
        {
            TranslationLog.QueueFailed(logger, conversation.Id, message.Sequence, ex.Status);
        }
    }

    /// <summary>Queues the translations missing among <paramref name="messages"/> for their readers (the follow-up check's repair).</summary>
    public async Task EnsureQueuedAsync(Conversation conversation, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        foreach (var reader in new[] { PartyRole.Buyer, PartyRole.Seller })
        {
            var toRead = messages.Where(m => m.AuthorRole != reader && m.Status == MessageStatus.Delivered && m.Text.Length > 0).ToList();
            if (toRead.Count == 0 || await languages.PreferredAsync(conversation, reader, cancellationToken).ConfigureAwait(false) is not { } language)
            {
                continue;
            }

            var done = await store.ListAsync(conversation.Id, toRead[0].Sequence, toRead[^1].Sequence, language, cancellationToken).ConfigureAwait(false);
            foreach (var message in toRead.Where(m => !done.ContainsKey(m.Sequence)))
            {
                await QueueAsync(new TranslationJob(conversation.Id, message.Sequence, language, 1), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Translates <paramref name="messages"/> (as delivered) into <paramref name="language"/> in as few calls as the
    /// Translator allows, screens and stores each translation, and returns them by sequence.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, MessageTranslation>> TranslateAsync(
        Conversation conversation, IReadOnlyList<Message> messages, string language, CancellationToken cancellationToken)
    {
        var results = await translator.TranslateAsync([.. messages.Select(m => m.Text)], [language], null, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var made = new Dictionary<long, MessageTranslation>();
        for (var i = 0; i < messages.Count; i++)
        {
            var (message, result) = (messages[i], results[i]);
            var detected = result.Detected?.Language;
            MessageTranslation translation;
            if (detected is not null && string.Equals(LanguageTags.Normalize(detected), language, StringComparison.OrdinalIgnoreCase))
            {
                translation = new MessageTranslation(message.Sequence, language, TranslationOutcome.NotNeeded, null, detected, now);
            }
            else
            {
                var (outcome, text, verdict) = screening.Screen(conversation, message, result.Translations[0].Text);
                if (outcome == TranslationOutcome.Withheld)
                {
                    TranslationLog.TranslationWithheld(logger, conversation.Id, message.Sequence, language, verdict.ToString());
                }

                translation = new MessageTranslation(message.Sequence, language, outcome, text, detected, now);
            }

            made[message.Sequence] = translation;
        }

        await store.SaveAsync(conversation.Id, [.. made.Values], cancellationToken).ConfigureAwait(false);
        foreach (var sequence in made.Keys)
        {
            TranslationLog.Translated(logger, conversation.Id, sequence, language);
        }

        return made;
    }

    /// <summary>
    /// One queued translation: nothing when it exists already (a cache hit makes no call) or the message is no longer
    /// delivered; on a failure that may pass, queued again after <see cref="TranslationBackoff"/>, until
    /// <see cref="TranslationOptions.MaxAttempts"/>.
    /// </summary>
    public async Task RunAsync(TranslationJob job, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(job.ConversationId, job.Sequence, job.Language, cancellationToken).ConfigureAwait(false) is not null
            || await conversations.GetAsync(job.ConversationId, cancellationToken).ConfigureAwait(false) is not { } conversation
            || await conversations.GetMessageAsync(job.ConversationId, job.Sequence, cancellationToken).ConfigureAwait(false) is not { Status: MessageStatus.Delivered } message)
        {
            return;
        }

        try
        {
            await TranslateAsync(conversation, [message], job.Language, cancellationToken).ConfigureAwait(false);
        }
        catch (TranslatorException ex) when (ex.IsTransient && job.Attempt < options.Value.MaxAttempts)
        {
            var delay = TranslationBackoff.Next(options.Value, job.Attempt, ex);
            TranslationLog.RetryScheduled(logger, job.ConversationId, job.Sequence, job.Language, ex.Failure.ToString(), job.Attempt, options.Value.MaxAttempts, delay);
            await QueueAsync(job with { Attempt = job.Attempt + 1 }, delay, cancellationToken).ConfigureAwait(false);
        }
        catch (TranslatorException ex)
        {
            TranslationLog.GivenUp(logger, job.ConversationId, job.Sequence, job.Language, job.Attempt, ex.Failure.ToString());
        }
    }

    private async Task QueueAsync(TranslationJob job, TimeSpan delay, CancellationToken cancellationToken) =>
        await queues.GetQueueClient(names.MessageTranslationsQueue).SendMessageAsync(
            JsonSerializer.Serialize(job, TranslationJsonContext.Default.TranslationJob),
            visibilityTimeout: delay > TimeSpan.Zero ? delay : null,
            cancellationToken: cancellationToken).ConfigureAwait(false);

    private static PartyRole Other(PartyRole role) => role == PartyRole.Buyer ? PartyRole.Seller : PartyRole.Buyer;
}

/// <summary>A queued translation of one message into one language; <see cref="Attempt"/> counts from 1.</summary>
public sealed record TranslationJob(string ConversationId, long Sequence, string Language, int Attempt);
