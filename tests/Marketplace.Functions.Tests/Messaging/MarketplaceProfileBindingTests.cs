using Marketplace.Domain.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>Marketplace profiles from configuration: field by field over the built-ins; a configured list replaces the default.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MarketplaceProfileBindingTests(AzuriteFixture azurite)
{
    [Fact]
    public void Profiles_OneFieldConfigured_KeepTheBuiltInValuesOfTheOthers()
    {
        using var app = new TestAppFactory(azurite)
            .WithSetting("Messaging:Profiles:mercadolibre:ReplyDeadline:ReplyWithin", "12:00:00")
            .WithSetting("Messaging:Profiles:allegro:MaxTextLength", "1000");

        var profiles = app.Services.GetRequiredService<MarketplaceProfiles>();

        Assert.Equal(TimeSpan.FromHours(12), profiles.Get("mercadolibre").ReplyDeadline.ReplyWithin);
        Assert.Equal(350, profiles.Get("mercadolibre").MaxTextLength);
        Assert.Equal(1000, profiles.Get("allegro").MaxTextLength);
        Assert.Equal(5_242_880, profiles.Get("allegro").MaxAttachmentBytes);
    }

    [Fact]
    public void Profiles_ListConfigured_ReplacesTheDefaultListInsteadOfAppending()
    {
        using var app = new TestAppFactory(azurite)
            .WithSetting("Messaging:Profiles:amazon:ReplyDeadline:ReminderOffsets:0", "02:00:00")
            .WithSetting("Messaging:Profiles:allegro:ReplyDeadline:BusinessDays:0", "Saturday")
            .WithSetting("Messaging:Profiles:ebay:AllowedAttachmentKinds:0", "Pdf")
            .WithSetting("Messaging:Profiles:ebay:AllowedAttachmentKinds:1", "Jpeg");

        var profiles = app.Services.GetRequiredService<MarketplaceProfiles>();

        Assert.Equal([TimeSpan.FromHours(2)], profiles.Get("amazon").ReplyDeadline.ReminderOffsets);
        Assert.Equal([DayOfWeek.Saturday], profiles.Get("allegro").ReplyDeadline.BusinessDays);
        Assert.Equal([AttachmentKind.Pdf, AttachmentKind.Jpeg], profiles.Get("ebay").AllowedAttachmentKinds);
        Assert.Equal([TimeSpan.FromHours(6), TimeSpan.FromHours(1)], profiles.Get("generic").ReplyDeadline.ReminderOffsets);
    }
}
