using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Domain.Events;
using Marketplace.Functions.Returns;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Writer;
using ZXing;

namespace Marketplace.Functions.Tests.Returns;

/// <summary>
/// Return labels: made when the seller asks for the item back, downloaded by the buyer, read back with PdfPig (the text
/// and the barcode's bars, rendered to pixels and decoded with ZXing.Net), and replaced by a label the marketplace bought.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReturnLabelTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_otherBuyer = new(CallerRole.Buyer, "b-2", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_amazon = new(CallerRole.Marketplace, "amazon-backend", "amazon");

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithSetting("Returns:Addresses:amazon:s-1", "Lamp Shop Returns|Unit 4, Dock Road|Leeds LS1 4AP|United Kingdom");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ReturnRequested_BuyerDownloadsAPdf_WithTheAddressOrderAndRma_AndItsBarcodeDecodesToTheRma()
    {
        var id = await ClaimAsync("l-1");
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_seller).PostAsync($"/api/claims/{id}/actions/request_return", null)).StatusCode);

        using var response = await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{id}/return-label");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var rma = ReturnLabels.RmaIdFor(id);
        Assert.Equal(rma, response.Headers.GetValues(ReturnLabelFunctions.TrackingHeader).Single());
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var page = Assert.Single(pdf.GetPages());
        var text = string.Join(" ", page.GetWords().Select(w => w.Text));
        Assert.Contains("Lamp Shop Returns", text, StringComparison.Ordinal);
        Assert.Contains("Leeds LS1 4AP", text, StringComparison.Ordinal);
        Assert.Contains("l-1", text, StringComparison.Ordinal);
        Assert.Contains(rma, text, StringComparison.Ordinal);
        Assert.Equal(rma, DecodeBarcode(page));
    }

    [Fact]
    public async Task MarketplacePostsItsOwnLabel_BuyerDownloadsIt_OthersCannotPostOrRead()
    {
        var id = await ClaimAsync("l-2");
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_seller).PostAsync($"/api/claims/{id}/actions/request_return", null)).StatusCode);
        var carrierLabel = CarrierLabel();

        using var posted = await PutLabelAsync(s_amazon, id, carrierLabel, "application/pdf", "1Z999AA10123456784");
        using var bySeller = await PutLabelAsync(s_seller, id, carrierLabel, "application/pdf", "1Z999AA10123456784");
        using var notPdf = await PutLabelAsync(s_amazon, id, "%PNG"u8.ToArray(), "application/pdf", "1Z999AA10123456784");
        using var noTracking = await PutLabelAsync(s_amazon, id, carrierLabel, "application/pdf", null);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bySeller.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notPdf.StatusCode);
        Assert.Equal("return_label_not_pdf", (await MessagingApp.JsonAsync(notPdf)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noTracking.StatusCode);
        using var downloaded = await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{id}/return-label");
        Assert.Equal(carrierLabel, await downloaded.Content.ReadAsByteArrayAsync());
        Assert.Equal("1Z999AA10123456784", downloaded.Headers.GetValues(ReturnLabelFunctions.TrackingHeader).Single());
        Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientFor(s_otherBuyer).GetAsync($"/api/claims/{id}/return-label")).StatusCode);
    }

    [Fact]
    public async Task NoReturnAskedFor_NoLabel()
    {
        var id = await ClaimAsync("l-3");

        using var response = await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{id}/return-label");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("return_label_not_found", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    /// <summary>
    /// Renders the label's barcode as a scanner would see it: every filled rectangle as tall as the bars becomes dark pixels
    /// (4 per point) on a white row with quiet zones, which ZXing.Net then reads like a photo of the label.
    /// </summary>
    private static string? DecodeBarcode(UglyToad.PdfPig.Content.Page page)
    {
        var bars = page.Paths.Where(p => p.IsFilled).SelectMany(p => p)
            .Select(s => s.GetBoundingRectangle()).Where(r => r is { } b && Math.Abs(b.Height - PdfReturnLabelProvider.BarHeight) < 0.5)
            .Select(r => r!.Value).ToList();
        Assert.True(bars.Count > 10, $"Found {bars.Count} bars.");
        const int scale = 4;
        var left = bars.Min(b => b.Left) - 20;
        var width = (int)Math.Ceiling((bars.Max(b => b.Right) + 20 - left) * scale);
        const int height = 20;
        var pixels = new byte[width * height];
        Array.Fill(pixels, (byte)255);
        foreach (var bar in bars)
        {
            for (var x = (int)Math.Round((bar.Left - left) * scale); x < (int)Math.Round((bar.Right - left) * scale); x++)
            {
                for (var y = 0; y < height; y++)
                {
                    pixels[(y * width) + x] = 0;
                }
            }
        }

        var reader = new BarcodeReaderGeneric();
        reader.Options.PossibleFormats = [BarcodeFormat.CODE_128];
        reader.Options.TryHarder = true;
        return reader.Decode(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8)?.Text;
    }

    private static byte[] CarrierLabel()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A6);
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        page.AddText("UPS 1Z999AA10123456784", 10, new UglyToad.PdfPig.Core.PdfPoint(20, 300), font);
        return builder.Build();
    }

    private async Task<HttpResponseMessage> PutLabelAsync(Caller caller, string claimId, byte[] body, string contentType, string? tracking)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/claims/{claimId}/return-label") { Content = content };
        if (tracking is not null)
        {
            request.Headers.Add(ReturnLabelFunctions.TrackingHeader, tracking);
        }

        return await _app.ClientFor(caller).SendAsync(request);
    }

    private async Task<string> ClaimAsync(string orderId)
    {
        await _app.SeedOrderAsync(orderId, "b-1", "s-1", total: new OrderTotal(45m, "EUR"));
        return (await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims",
            new { orderId, reason = "not_as_described", desiredResolution = "return" }))).GetProperty("id").GetString()!;
    }
}
