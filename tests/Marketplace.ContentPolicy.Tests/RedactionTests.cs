namespace Marketplace.ContentPolicy.Tests;

public sealed class RedactionTests
{
    private static readonly ContentPolicyEngine Engine = new(new ContentPolicyOptions
    {
        Profiles =
        {
            ["mask"] = new PolicyProfile
            {
                Actions = new() { [AuthorRole.Buyer] = ReasonCodes.All.ToDictionary(r => r, _ => PolicyAction.Redact) },
                PhoneRegions = ["ES"],
                RedactionMask = "•••",
            },
        },
    });

    [Fact]
    public void Evaluate_SeveralRedactFindings_MasksEachSpanAndKeepsTheRest()
    {
        const string text = "Escríbeme a ana@gmail.com o al 612 345 678, gracias 🙂";

        var decision = Engine.Evaluate(new PolicyRequest("mask", AuthorRole.Buyer, text, Policy.Now));

        Assert.Equal(PolicyAction.Redact, decision.Verdict);
        Assert.Equal("Escríbeme a ••• o al •••, gracias •••", decision.DeliverableText);
        Assert.Equal(3, decision.Findings.Count);
        Assert.All(decision.Findings, f => Assert.Equal(PolicyAction.Redact, f.Action));
    }

    [Fact]
    public void Evaluate_RoleWithoutActions_AllowsEverything()
    {
        var decision = Engine.Evaluate(new PolicyRequest("mask", AuthorRole.Seller, "ana@gmail.com", Policy.Now));

        Assert.Equal(PolicyAction.Allow, decision.Verdict);
        Assert.Empty(decision.Findings);
    }
}
