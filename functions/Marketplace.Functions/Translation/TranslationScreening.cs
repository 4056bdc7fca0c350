using Marketplace.ContentPolicy;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;

namespace Marketplace.Functions.Translation;

/// <summary>
/// Runs the content policy's content checks on a translation before any reader sees it: contact details spelled out in a
/// language the policy does not read become ones it does once translated (a Czech phone number in words is an English
/// one). What the policy would redact is masked in the translation; what it would hold or block withholds the translation
/// (the reader keeps the delivered original). The sending rules (reasons, windows, opt-out) were decided on the original.
/// </summary>
internal sealed class TranslationScreening(ContentPolicyEngine engine, TimeProvider time)
{
    public (TranslationOutcome Outcome, string? Text, PolicyAction Verdict) Screen(Conversation conversation, Message message, string translated)
    {
        var author = message.AuthorRole == PartyRole.Buyer ? AuthorRole.Buyer : AuthorRole.Seller;
        var decision = engine.Evaluate(new PolicyRequest(conversation.Marketplace, author, translated, time.GetUtcNow()));
        var verdict = decision.Findings.Count == 0 ? PolicyAction.Allow : decision.Findings.Max(f => f.Action);
        return verdict >= PolicyAction.Hold
            ? (TranslationOutcome.Withheld, null, verdict)
            : (TranslationOutcome.Translated, decision.RedactedText, verdict);
    }
}
