namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class LexiconTests
{
    [Fact]
    public void Evaluate_ProfileAddsMessengerToLexicon_FindsInvitationToIt()
    {
        var profile = Policy.StrictProfile();
        profile.Lexicon["Messengers"] = ["kakao*"];
        var engine = new ContentPolicyEngine(new ContentPolicyOptions { Profiles = { ["custom"] = profile } });

        var custom = engine.Evaluate(new PolicyRequest("custom", AuthorRole.Buyer, "Write me on KakaoTalk, it's faster", Policy.Now));

        Assert.Contains(custom.Findings, f => f.ReasonCode == ReasonCodes.SocialNetworkLink);
        Assert.Empty(Policy.Check("Write me on KakaoTalk, it's faster").Findings);
    }

    [Fact]
    public void Constructor_UnknownLexiconCategory_ThrowsNamingTheCategory()
    {
        var profile = Policy.StrictProfile();
        profile.Lexicon["messangers"] = ["kik"];

        var error = Assert.Throws<ArgumentException>(() => new ContentPolicyEngine(new ContentPolicyOptions { Profiles = { ["custom"] = profile } }));

        Assert.Contains("messangers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WeakOffPlatformHint_HoldsInsteadOfBlocking()
    {
        var decision = Policy.Check("Next time just google our shop name and order on our site, it's cheaper.", AuthorRole.Seller);

        Assert.Equal(PolicyAction.Hold, decision.Verdict);
        Assert.Contains(decision.Findings, f => f.Kind == "off-platform" && f.Action == PolicyAction.Hold);
    }
}
