using Marketplace.Functions.Configuration;
using Marketplace.Functions.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Tests;

/// <summary>Mints bearer tokens for tests: valid ones with the app's own settings, and expired or wrongly signed ones.</summary>
public sealed class TestTokens(AuthOptions settings, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TokenIssuer _issuer = new(Options.Create(settings), time ?? TimeProvider.System);

    /// <summary>A valid token for the caller.</summary>
    public string For(CallerRole role, string partyId, string? marketplace = null) =>
        _issuer.Issue(new Caller(role, partyId, marketplace));

    /// <summary>A token that expired an hour ago (well beyond the allowed clock skew).</summary>
    public string Expired(CallerRole role, string partyId, string? marketplace = null)
    {
        var now = _time.GetUtcNow();
        return _issuer.Issue(new Caller(role, partyId, marketplace), now.AddHours(-2), now.AddHours(-1));
    }

    /// <summary>A token with the right claims, issuer and audience, signed with a different key.</summary>
    public string WrongSignature(CallerRole role, string partyId)
    {
        var other = new AuthOptions
        {
            SigningKey = "a-different-key-that-the-app-does-not-know-0123456789",
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            TokenLifetime = settings.TokenLifetime,
        };
        return new TokenIssuer(Options.Create(other), _time).Issue(new Caller(role, partyId, null));
    }

    /// <summary>A token for another audience, signed with the right key.</summary>
    public string WrongAudience(CallerRole role, string partyId)
    {
        var other = new AuthOptions
        {
            SigningKey = settings.SigningKey,
            Issuer = settings.Issuer,
            Audience = "some-other-api",
            TokenLifetime = settings.TokenLifetime,
        };
        return new TokenIssuer(Options.Create(other), _time).Issue(new Caller(role, partyId, null));
    }
}
