using Marketplace.Functions.Configuration;
using Marketplace.Functions.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Marketplace.Functions.Tests.Security;

public sealed class TokenIssuerTests
{
    private static readonly AuthOptions Settings = new()
    {
        SigningKey = "unit-test-signing-key-0123456789-abcdef",
        Issuer = "issuer-x",
        Audience = "audience-y",
        TokenLifetime = TimeSpan.FromMinutes(90),
    };

    [Fact]
    public void Issue_CarriesRolePartyMarketplaceIssuerAudienceAndLifetimeFromTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var issuer = new TokenIssuer(Options.Create(Settings), time);

        var token = new JsonWebToken(issuer.Issue(new Caller(CallerRole.Seller, "seller-1", "amazon")));

        Assert.Equal("seller", token.GetClaim("role").Value);
        Assert.Equal("seller-1", token.Subject);
        Assert.Equal("amazon", token.GetClaim("marketplace").Value);
        Assert.Equal("issuer-x", token.Issuer);
        Assert.Equal(["audience-y"], token.Audiences);
        Assert.Equal(new DateTime(2026, 11, 23, 13, 30, 0, DateTimeKind.Utc), token.ValidTo);
        Assert.Equal("HS256", token.Alg);
    }

    [Fact]
    public void Issue_WithoutMarketplace_OmitsTheClaim()
    {
        var issuer = new TokenIssuer(Options.Create(Settings), TimeProvider.System);

        var token = new JsonWebToken(issuer.Issue(new Caller(CallerRole.Admin, "admin-1", null), TimeSpan.FromMinutes(5)));

        Assert.False(token.TryGetClaim("marketplace", out _));
    }
}
