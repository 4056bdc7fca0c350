namespace Marketplace.ContentPolicy.Detection;

/// <summary>The sentence that tells the author what to change for each kind of finding.</summary>
internal static class FindingMessages
{
    private const int MaximumQuote = 60;

    public static string For(string kind, string quote)
    {
        var q = Quote(quote);
        return kind switch
        {
            "email" => $"Remove the email address '{q}' — buyers and sellers must talk through the marketplace's messages.",
            "phone" => $"Remove the phone number '{q}' — buyers and sellers must talk through the marketplace.",
            "contact-request" => $"Don't ask for contact details ('{q}') — buyers and sellers must talk through the marketplace.",
            "address" => $"Remove the address '{q}' — deliveries and hand-overs are arranged through the marketplace.",
            "spelled-phone" => $"Remove the phone number spelled out as '{q}' — buyers and sellers must talk through the marketplace.",
            "short-url" => $"Replace the shortened link '{q}' with nothing or a full marketplace link — shortened links hide where they lead.",
            "url" => $"Remove the link '{q}' — only links to this marketplace (and carrier tracking, where allowed) may be shared.",
            "social-link" => $"Remove the social-network link '{q}' — keep the conversation here instead of moving it to another app.",
            "handle" => $"Remove the handle '{q}' — don't invite the other party to social networks or messengers.",
            "messenger" => $"Remove '{q}' — don't move the conversation to WhatsApp, Instagram, Telegram or other apps; keep it here.",
            "payment-link" => $"Remove the payment link '{q}' — payments must go through the marketplace's checkout.",
            "iban" => $"Remove the bank account (IBAN) '{q}' — payments and refunds must go through the marketplace.",
            "bank-account" => $"Remove the account number '{q}' — payments and refunds must go through the marketplace.",
            "payment" => $"Remove '{q}' — payment must go through the marketplace, not PayPal friends and family, bank transfers or deals outside the platform.",
            "review" => $"Rephrase '{q}' — you may ask for an honest review, but not for a positive or 5-star one, and never offer anything for a review or for changing or removing one.",
            "promotion" => $"Remove the promotion '{q}' — discount codes, other stores and new collections are marketing, which isn't allowed in order messages.",
            "emoji" => $"Remove the emoji '{q}' — this marketplace doesn't allow emoji in messages.",
            "html" => $"Remove the HTML '{q}' — send plain text only.",
            _ => $"Remove '{q}' — it isn't allowed in messages on this marketplace.",
        };
    }

    private static string Quote(string s)
    {
        s = s.Replace('\n', ' ').Trim();
        return s.Length <= MaximumQuote ? s : string.Concat(s.AsSpan(0, MaximumQuote - 1), "…");
    }
}
