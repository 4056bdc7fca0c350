namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class LinkDetectorTests
{
    [Theory]
    [InlineData("see https://bit.ly/3xYz12 for details", ReasonCodes.LinkShortUrl)]
    [InlineData("tinyurl.com/abc123", ReasonCodes.LinkShortUrl)]
    [InlineData("https://t.co/xyz", ReasonCodes.LinkShortUrl)]
    [InlineData("goo.gl/maps/xyz", ReasonCodes.LinkShortUrl)]
    [InlineData("wa.me/5511987654321", ReasonCodes.SocialNetworkLink)]
    [InlineData("join t.me/mystore", ReasonCodes.SocialNetworkLink)]
    [InlineData("https://www.instagram.com/mystore", ReasonCodes.SocialNetworkLink)]
    [InlineData("visit www.mycheapstore.com", ReasonCodes.ExternalLink)]
    [InlineData("better price at tienda-ofertas.es", ReasonCodes.ExternalLink)]
    [InlineData("entra en misuperofertas punto com", ReasonCodes.ExternalLink)]
    [InlineData("paypal.me/juanito", ReasonCodes.OffPlatformPayment)]
    public void Evaluate_Link_ReportsItsReason(string text, string reason) =>
        Assert.Contains(reason, Policy.Reasons(text));

    [Theory]
    [InlineData("Track it here: https://www.ups.com/track?tracknum=1Z999AA10123456784")]
    [InlineData("Your listing: https://www.amazon.co.uk/dp/B08N5WRWNW")]
    [InlineData("Ver la publicación: https://articulo.mercadolibre.com.mx/MLM-123456789")]
    [InlineData("https://allegro.pl/oferta/12345678901")]
    [InlineData("Acompanhe em rastreamento.correios.com.br")]
    [InlineData("El punto de venta está cerrado. El punto es que llega mañana.")]
    [InlineData("Attached: invoice.pdf and photo.jpg")]
    public void Evaluate_AllowedOrNotALink_ReportsNothing(string text) =>
        Assert.Empty(Policy.Check(text).Findings);

    [Fact]
    public void Evaluate_CarrierLinkWhenProfileForbidsCarrierLinks_ReportsExternalLink()
    {
        var profile = Policy.StrictProfile();
        profile.AllowCarrierTrackingLinks = false;
        var engine = new ContentPolicyEngine(new ContentPolicyOptions { Profiles = { ["p"] = profile } });

        var decision = engine.Evaluate(new PolicyRequest("p", AuthorRole.Seller, "https://www.ups.com/track?n=1", Policy.Now));

        Assert.Equal(ReasonCodes.ExternalLink, Assert.Single(decision.Findings).ReasonCode);
    }
}
