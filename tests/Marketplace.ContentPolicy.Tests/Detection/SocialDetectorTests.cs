namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class SocialDetectorTests
{
    [Theory]
    [InlineData("follow me @best_deals_shop")]
    [InlineData("Write me on WhatsApp and I'll send more photos")]
    [InlineData("Escríbeme por WhatsApp")]
    [InlineData("me chama no zap que te passo o valor")]
    [InlineData("Napisz do mnie na WhatsAppie")]
    [InlineData("Écris-moi sur Insta")]
    [InlineData("Schreib mir auf Telegram")]
    [InlineData("mi instagram es tiendaluz")]
    [InlineData("IG: tiendaluz.mx")]
    public void Evaluate_MessengerInvitationOrHandle_ReportsSocialNetworkLink(string text) =>
        Assert.Contains(ReasonCodes.SocialNetworkLink, Policy.Reasons(text));

    [Theory]
    [InlineData("The phone supports WhatsApp and Instagram apps.")]
    [InlineData("I had no signal yesterday, sorry for the late reply.")]
    [InlineData("Hola a tod@s, el envío sale hoy.")]
    public void Evaluate_MentionWithoutInvitation_ReportsNothing(string text) =>
        Assert.Empty(Policy.Check(text).Findings);
}
