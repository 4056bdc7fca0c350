using Microsoft.Extensions.Time.Testing;

namespace Marketplace.ContentPolicy.Tests.Rules;

public sealed class SellerRulesTests
{
    private static readonly ContentPolicyEngine Engine = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    private const string OrderQuestion = "Hello, the engraving you asked for is 12 characters long; could you confirm the spelling 'Happy birthday'?";

    private PolicyRequest SellerStarts(string profile, string text, string? reason) =>
        new(profile, AuthorRole.Seller, text, _time.GetUtcNow()) { StartsConversation = true, SellerReason = reason };

    [Fact]
    public void Evaluate_SellerStartsWithoutReason_BlocksWithReasonRequired()
    {
        var decision = Engine.Evaluate(SellerStarts(BuiltInProfiles.Amazon, OrderQuestion, reason: null));

        Assert.Equal(PolicyAction.Block, decision.Verdict);
        var violation = Assert.Single(decision.Violations);
        Assert.Equal(RuleViolationCodes.ReasonRequired, violation.Code);
        Assert.Contains("CONFIRM_CUSTOMIZATION", violation.Message, StringComparison.Ordinal);
        Assert.Null(decision.DeliverableText);
    }

    [Fact]
    public void Evaluate_SellerStartsWithReasonOfAnotherMarketplace_BlocksWithReasonNotAllowed()
    {
        var decision = Engine.Evaluate(SellerStarts(BuiltInProfiles.Amazon, OrderQuestion, SellerMessageReasons.RequestVariants));

        Assert.Equal(RuleViolationCodes.ReasonNotAllowed, Assert.Single(decision.Violations).Code);
    }

    [Theory]
    [InlineData(BuiltInProfiles.Amazon, SellerMessageReasons.ConfirmCustomization)]
    [InlineData(BuiltInProfiles.MercadoLibre, SellerMessageReasons.RequestVariants)]
    [InlineData(BuiltInProfiles.Generic, SellerMessageReasons.UnexpectedProblem)]
    public void Evaluate_SellerStartsWithProfileReason_Allows(string profile, string reason)
    {
        var decision = Engine.Evaluate(SellerStarts(profile, OrderQuestion, reason));

        Assert.Equal(PolicyAction.Allow, decision.Verdict);
        Assert.Empty(decision.Violations);
        Assert.Equal(OrderQuestion, decision.DeliverableText);
    }

    [Fact]
    public void Evaluate_AllegroSellerStartsWithoutReason_Allows() =>
        Assert.Empty(Engine.Evaluate(SellerStarts(BuiltInProfiles.Allegro, OrderQuestion, reason: null)).Violations);

    [Theory]
    [InlineData("Thank you so much for your purchase!")]
    [InlineData("¡Muchas gracias por tu compra!")]
    [InlineData("Obrigado pela compra, volte sempre.")]
    [InlineData("Dziękujemy za zakupy!")]
    [InlineData("Merci beaucoup pour votre achat.")]
    [InlineData("Vielen Dank für Ihren Einkauf!")]
    [InlineData("Your order has been shipped. Thanks for shopping with us.")]
    [InlineData("Tu pedido ha sido enviado.")]
    [InlineData("Seu pedido foi enviado hoje.")]
    [InlineData("Zamówienie zostało wysłane.")]
    [InlineData("Votre commande a été expédiée.")]
    [InlineData("Ihre Bestellung wurde versandt.")]
    public void Evaluate_AmazonSellerSendsThankYouOrConfirmation_BlocksAsForbiddenType(string text)
    {
        var decision = Engine.Evaluate(SellerStarts(BuiltInProfiles.Amazon, text, SellerMessageReasons.ConfirmOrderDetails));

        Assert.Equal(RuleViolationCodes.ForbiddenMessageType, Assert.Single(decision.Violations).Code);
    }

    [Theory]
    [InlineData("Thanks for your order! Could you tell us which size you need? The listing had two.")]
    [InlineData("Tu pedido ha sido enviado, pero falta el número de departamento: ¿nos lo confirmas?")]
    public void Evaluate_ThankYouWithARealQuestion_Allows(string text) =>
        Assert.Empty(Engine.Evaluate(SellerStarts(BuiltInProfiles.Amazon, text, SellerMessageReasons.ConfirmOrderDetails)).Violations);

    [Fact]
    public void Evaluate_SellerRepliesThanksInBuyerStartedConversation_Allows()
    {
        var request = new PolicyRequest(BuiltInProfiles.Amazon, AuthorRole.Seller, "Thank you!", _time.GetUtcNow())
        {
            ConversationStartedBy = AuthorRole.Buyer,
        };

        Assert.Equal(PolicyAction.Allow, Engine.Evaluate(request).Verdict);
    }

    [Fact]
    public void Evaluate_ProactiveSellerMessageAfterThirtyDays_BlocksOutsideWindow()
    {
        var completedAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromDays(31));
        var request = SellerStarts(BuiltInProfiles.Amazon, OrderQuestion, SellerMessageReasons.Warranty) with { OrderCompletedAt = completedAt };

        var decision = Engine.Evaluate(request);

        Assert.Equal(RuleViolationCodes.OutsideMessagingWindow, Assert.Single(decision.Violations).Code);
    }

    [Fact]
    public void Evaluate_ProactiveSellerMessageOnDayThirty_Allows()
    {
        var completedAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromDays(30));
        var request = SellerStarts(BuiltInProfiles.Amazon, OrderQuestion, SellerMessageReasons.Warranty) with { OrderCompletedAt = completedAt };

        Assert.Empty(Engine.Evaluate(request).Violations);
    }

    [Fact]
    public void Evaluate_SellerReplyInBuyerConversationAfterWindow_Allows()
    {
        var completedAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromDays(60));
        var request = new PolicyRequest(BuiltInProfiles.Amazon, AuthorRole.Seller, OrderQuestion, _time.GetUtcNow())
        {
            ConversationStartedBy = AuthorRole.Buyer,
            OrderCompletedAt = completedAt,
            BuyerOptedOut = true,
        };

        Assert.Empty(Engine.Evaluate(request).Violations);
    }

    [Fact]
    public void Evaluate_OptedOutBuyerAndNonCriticalReason_BlocksBuyerOptedOut()
    {
        var request = SellerStarts(BuiltInProfiles.Amazon, OrderQuestion, SellerMessageReasons.Warranty) with { BuyerOptedOut = true };

        Assert.Equal(RuleViolationCodes.BuyerOptedOut, Assert.Single(Engine.Evaluate(request).Violations).Code);
    }

    [Theory]
    [InlineData(SellerMessageReasons.ConfirmCustomization)]
    [InlineData(SellerMessageReasons.DeliveryScheduling)]
    [InlineData(SellerMessageReasons.AddressProblem)]
    [InlineData(SellerMessageReasons.AdditionalInformationRequired)]
    public void Evaluate_OptedOutBuyerAndCriticalReason_Allows(string reason)
    {
        var request = SellerStarts(BuiltInProfiles.Amazon, OrderQuestion, reason) with { BuyerOptedOut = true };

        Assert.Empty(Engine.Evaluate(request).Violations);
    }

    [Fact]
    public void Evaluate_FollowUpInSellerStartedConversationForOptedOutBuyer_StillChecksOptOut()
    {
        var request = new PolicyRequest(BuiltInProfiles.Amazon, AuthorRole.Seller, OrderQuestion, _time.GetUtcNow())
        {
            ConversationStartedBy = AuthorRole.Seller,
            SellerReason = SellerMessageReasons.Invoice,
            BuyerOptedOut = true,
        };

        Assert.Equal(RuleViolationCodes.BuyerOptedOut, Assert.Single(Engine.Evaluate(request).Violations).Code);
    }

    [Fact]
    public void Evaluate_BuyerMessage_NeverGetsSellerRuleViolations()
    {
        var request = new PolicyRequest(BuiltInProfiles.Amazon, AuthorRole.Buyer, "Thank you!", _time.GetUtcNow())
        {
            StartsConversation = true,
            BuyerOptedOut = true,
        };

        Assert.Empty(Engine.Evaluate(request).Violations);
    }
}
