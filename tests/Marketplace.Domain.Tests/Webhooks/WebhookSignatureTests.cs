using System.Text;
using Marketplace.Domain.Webhooks;

namespace Marketplace.Domain.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "a-webhook-secret-of-some-length";
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] s_body = Encoding.UTF8.GetBytes("{\"id\":\"e1\"}");

    [Fact]
    public void Verify_SignatureMadeByCreate_IsValid()
    {
        var header = WebhookSignature.Create(s_body, Secret, s_now);

        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(header, s_body, Secret, s_now.AddMinutes(4), WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_BodyChangedAfterSigning_IsMismatch()
    {
        var header = WebhookSignature.Create(s_body, Secret, s_now);

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(header, "{\"id\":\"e2\"}"u8, Secret, s_now, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_OtherSecret_IsMismatch()
    {
        var header = WebhookSignature.Create(s_body, "another-secret-entirely", s_now);

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(header, s_body, Secret, s_now, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_TimestampOlderThanTolerance_IsStale()
    {
        var header = WebhookSignature.Create(s_body, Secret, s_now.AddMinutes(-6));

        Assert.Equal(SignatureCheck.Stale, WebhookSignature.Verify(header, s_body, Secret, s_now, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_TimestampSwappedForAFreshOne_IsMismatch()
    {
        // A replay with a new timestamp but the old signature must fail: the timestamp is signed.
        var old = WebhookSignature.Create(s_body, Secret, s_now.AddHours(-1));
        var replay = $"t={s_now.ToUnixTimeSeconds()},{old.Split(',')[1]}";

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(replay, s_body, Secret, s_now, WebhookSignature.DefaultTolerance));
    }

    [Theory]
    [InlineData(null, SignatureCheck.Missing)]
    [InlineData("", SignatureCheck.Missing)]
    [InlineData("v1=abc", SignatureCheck.Malformed)]
    [InlineData("t=123", SignatureCheck.Malformed)]
    [InlineData("t=123,v1=zz", SignatureCheck.Malformed)]
    [InlineData("garbage", SignatureCheck.Malformed)]
    public void Verify_MissingOrMalformedHeader_SaysWhich(string? header, SignatureCheck expected)
    {
        Assert.Equal(expected, WebhookSignature.Verify(header, s_body, Secret, s_now, WebhookSignature.DefaultTolerance));
    }
}
