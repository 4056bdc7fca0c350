namespace Marketplace.ContentPolicy.Tests;

public sealed class ContentPolicyEngineTests
{
    private static readonly ContentPolicyEngine Engine = new();
    private static readonly DateTimeOffset Now = Policy.Now;

    private static PolicyDecision Check(string profile, AuthorRole author, string text) =>
        Engine.Evaluate(new PolicyRequest(profile, author, text, Now) { ConversationStartedBy = AuthorRole.Buyer });

    [Fact]
    public void Evaluate_AmazonSellerSharesEmail_Blocks()
    {
        var decision = Check(BuiltInProfiles.Amazon, AuthorRole.Seller, "Write to me at anna@gmail.com");

        Assert.Equal(PolicyAction.Block, decision.Verdict);
        Assert.False(decision.IsDelivered);
        Assert.Null(decision.DeliverableText);
    }

    [Fact]
    public void Evaluate_AmazonBuyerSharesPhone_RedactsTheSpan()
    {
        const string text = "Please call me on 612 345 678 when you arrive.";

        var decision = Check(BuiltInProfiles.Amazon, AuthorRole.Buyer, text);

        Assert.Equal(PolicyAction.Redact, decision.Verdict);
        Assert.True(decision.IsDelivered);
        Assert.Equal("Please call me on [removed] when you arrive.", decision.DeliverableText);
        var finding = Assert.Single(decision.Findings);
        Assert.Equal("612 345 678", text.Substring(finding.Start, finding.Length));
        Assert.Contains("'612 345 678'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MercadoLibreExternalLink_HoldsForAdmin()
    {
        var decision = Check(BuiltInProfiles.MercadoLibre, AuthorRole.Seller, "Más fotos en www.fotos-producto.com.ar");

        Assert.Equal(PolicyAction.Hold, decision.Verdict);
        Assert.Equal(ReasonCodes.ExternalLink, Assert.Single(decision.Findings).ReasonCode);
        Assert.NotNull(decision.DeliverableText);
    }

    [Fact]
    public void Evaluate_MercadoLibreOwnLinkAndEmoji_Allows()
    {
        const string text = "Acá está la publicación 👉 https://articulo.mercadolibre.com.ar/MLA-123456789";

        var decision = Check(BuiltInProfiles.MercadoLibre, AuthorRole.Seller, text);

        Assert.Equal(PolicyAction.Allow, decision.Verdict);
        Assert.Empty(decision.Findings);
        Assert.Equal(text, decision.DeliverableText);
    }

    [Fact]
    public void Evaluate_AmazonSellerEmoji_Blocks_ButAmazonBuyerEmoji_Allows()
    {
        Assert.Equal(PolicyAction.Block, Check(BuiltInProfiles.Amazon, AuthorRole.Seller, "Thanks 😊").Verdict);
        Assert.Equal(PolicyAction.Allow, Check(BuiltInProfiles.Amazon, AuthorRole.Buyer, "Thanks 😊").Verdict);
    }

    [Fact]
    public void Evaluate_RedactAndHoldFindings_VerdictIsStrongestAndRedactionStillApplies()
    {
        // Amazon buyer: the phone is redacted, the bank transfer is held.
        const string text = "Call 612 345 678 and I'll pay by bank transfer.";

        var decision = Check(BuiltInProfiles.Amazon, AuthorRole.Buyer, text);

        Assert.Equal(PolicyAction.Hold, decision.Verdict);
        Assert.Equal("Call [removed] and I'll pay by bank transfer.", decision.DeliverableText);
    }

    [Fact]
    public void Evaluate_CleanMessage_AllowsWithOriginalText()
    {
        const string text = "Your order 113-4567890-1234567 ships today with UPS 1Z999AA10123456784, arriving 11/28.";

        var decision = Check(BuiltInProfiles.Amazon, AuthorRole.Seller, text);

        Assert.Equal(PolicyAction.Allow, decision.Verdict);
        Assert.Same(text, decision.RedactedText);
    }

    [Fact]
    public void Evaluate_UnknownProfileWithoutFallback_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Check("wish", AuthorRole.Buyer, "hi"));

        Assert.Contains("wish", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownProfileWithFallback_UsesFallbackProfile()
    {
        var engine = new ContentPolicyEngine(new ContentPolicyOptions { FallbackProfile = BuiltInProfiles.Generic });

        var decision = engine.Evaluate(new PolicyRequest("wish", AuthorRole.Seller, "mail me: a@gmail.com", Now));

        Assert.Equal(PolicyAction.Block, decision.Verdict);
    }

    [Fact]
    public void Constructor_FallbackProfileMissing_Throws() =>
        Assert.Throws<ArgumentException>(() => new ContentPolicyEngine(new ContentPolicyOptions { FallbackProfile = "nope" }));

    [Fact]
    public void Evaluate_ProfileNameInOtherCase_Resolves() =>
        Assert.Equal(PolicyAction.Block, Check("AMAZON", AuthorRole.Seller, "anna@gmail.com").Verdict);

    [Fact]
    public void Evaluate_EmptyText_Allows() =>
        Assert.Equal(PolicyAction.Allow, Check(BuiltInProfiles.Generic, AuthorRole.Buyer, string.Empty).Verdict);

    [Fact]
    public void Evaluate_SpansPointIntoOriginalTextDespiteAccentsAndZeroWidthCharacters()
    {
        const string text = "Olá! Meu e-mail é\u200B joão.silva@gmail.com, obrigado.";

        var finding = Assert.Single(Policy.Check(text).Findings);

        Assert.Equal("joão.silva@gmail.com", text.Substring(finding.Start, finding.Length));
    }
}
