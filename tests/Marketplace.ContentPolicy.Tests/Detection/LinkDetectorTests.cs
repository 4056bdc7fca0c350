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

    // External shops come in every shape: country second-level domains, subdomains, schemes, ports and paths,
    // capitals, internationalised domains (as typed or in their xn-- form). The finding covers the whole link.
    [Theory]
    [InlineData("order from https://lampshop.co.uk/lamps?id=7 instead", "https://lampshop.co.uk/lamps?id=7")]
    [InlineData("loja: www.lojadoze.com.br", "www.lojadoze.com.br")]
    [InlineData("Angebote auf shop.example.de/angebote", "shop.example.de/angebote")]
    [InlineData("taniej na http://sklep.lampy-24.pl", "http://sklep.lampy-24.pl")]
    [InlineData("cheaper at HTTPS://WWW.LAMPSHOP.COM", "HTTPS://WWW.LAMPSHOP.COM")]
    [InlineData("see lampshop.com:8080/deals.", "lampshop.com:8080/deals")]
    [InlineData("günstiger bei münchen-lampen.de", "münchen-lampen.de")]
    [InlineData("günstiger bei xn--mnchen-lampen-9ob.de", "xn--mnchen-lampen-9ob.de")]
    [InlineData("дешевле на https://пример.рф/лампы", "https://пример.рф/лампы")]
    [InlineData("дешевле на xn--e1afmkfd.xn--p1ai", "xn--e1afmkfd.xn--p1ai")]
    public void Evaluate_ExternalLinkOfAnyShape_ReportsTheWholeLink(string text, string expectedSpan)
    {
        var finding = Assert.Single(Policy.Check(text).Findings);

        Assert.Equal((ReasonCodes.ExternalLink, "url"), (finding.ReasonCode, finding.Kind));
        Assert.Equal(expectedSpan, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("Track it here: https://www.ups.com/track?tracknum=1Z999AA10123456784")]
    [InlineData("Your listing: https://www.amazon.co.uk/dp/B08N5WRWNW")]
    [InlineData("Ver la publicación: https://articulo.mercadolibre.com.mx/MLM-123456789")]
    [InlineData("https://allegro.pl/oferta/12345678901")]
    [InlineData("Acompanhe em rastreamento.correios.com.br")]
    [InlineData("El punto de venta está cerrado. El punto es que llega mañana.")]
    [InlineData("Attached: invoice.pdf and photo.jpg")]
    [InlineData("Заказ получен.Спасибо, жду следующую посылку")]
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
