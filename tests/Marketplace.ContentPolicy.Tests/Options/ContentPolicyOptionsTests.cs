using Microsoft.Extensions.Configuration;

namespace Marketplace.ContentPolicy.Tests.Options;

public sealed class ContentPolicyOptionsTests
{
    [Fact]
    public void Bind_FromConfiguration_ProfileActionsRegionsAndSellerRulesApply()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ContentPolicy:FallbackProfile"] = "shop",
            ["ContentPolicy:Profiles:shop:Actions:Seller:PERSONAL_DATA"] = "Hold",
            ["ContentPolicy:Profiles:shop:Actions:Buyer:PERSONAL_DATA"] = "Redact",
            ["ContentPolicy:Profiles:shop:PhoneRegions:0"] = "ES",
            ["ContentPolicy:Profiles:shop:AllowedDomains:0"] = "shop.example",
            ["ContentPolicy:Profiles:shop:RedactionMask"] = "•••",
            ["ContentPolicy:Profiles:shop:SellerRules:ReasonRequiredToStart"] = "true",
            ["ContentPolicy:Profiles:shop:SellerRules:StartReasons:0"] = "INVOICE",
        }).Build();
        var options = configuration.GetSection("ContentPolicy").Get<ContentPolicyOptions>()!;
        var engine = new ContentPolicyEngine(options);
        const string text = "llámame al 612 345 678";

        var seller = engine.Evaluate(new PolicyRequest("shop", AuthorRole.Seller, text, Policy.Now) { StartsConversation = true, SellerReason = "INVOICE" });
        var buyer = engine.Evaluate(new PolicyRequest("other", AuthorRole.Buyer, text, Policy.Now));
        var noReason = engine.Evaluate(new PolicyRequest("shop", AuthorRole.Seller, "Hola", Policy.Now) { StartsConversation = true });

        Assert.Equal(PolicyAction.Hold, seller.Verdict);
        Assert.Equal("llámame al •••", buyer.DeliverableText);
        Assert.Equal(RuleViolationCodes.ReasonRequired, Assert.Single(noReason.Violations).Code);
    }

    [Fact]
    public void BuiltInProfiles_EveryName_CreatesProfileWithActionsForBothRoles()
    {
        foreach (var name in BuiltInProfiles.Names)
        {
            var profile = BuiltInProfiles.Create(name);

            Assert.NotNull(profile);
            Assert.Contains(AuthorRole.Seller, profile.Actions.Keys);
            Assert.Contains(AuthorRole.Buyer, profile.Actions.Keys);
            Assert.NotEmpty(profile.PhoneRegions);
        }
    }

    [Fact]
    public void BuiltInProfiles_Create_ReturnsIndependentCopies()
    {
        var first = BuiltInProfiles.Create(BuiltInProfiles.Amazon)!;
        first.Actions[AuthorRole.Seller][ReasonCodes.Emoji] = PolicyAction.Allow;

        Assert.Equal(PolicyAction.Block, BuiltInProfiles.Create(BuiltInProfiles.Amazon)!.Actions[AuthorRole.Seller][ReasonCodes.Emoji]);
    }
}
