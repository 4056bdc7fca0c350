using Marketplace.Functions.Outbound;

namespace Marketplace.Functions.Tests.Outbound;

/// <summary>The URL rules for sellers' webhooks, with a table for DNS.</summary>
public sealed class WebhookDestinationPolicyTests
{
    private static readonly WebhookDestinationPolicy s_production = new(allowLoopback: false, TableHostResolver.Sellers);
    private static readonly WebhookDestinationPolicy s_development = new(allowLoopback: true, TableHostResolver.Sellers);

    [Theory]
    [InlineData("https://hooks.seller.example/reminders")]
    [InlineData("https://hooks.seller.example:443/reminders?tenant=7")]
    [InlineData("https://hooks.seller.example:8443/reminders")]
    [InlineData("https://hooks.seller.example:65535/reminders")]
    [InlineData("https://93.184.216.34/reminders")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/reminders")]
    [InlineData("https://HOOKS.Seller.Example/reminders")]
    public async Task CheckAsync_HttpsToAPublicHost_IsAllowed(string url)
    {
        Assert.Null(await s_production.CheckAsync(new Uri(url), CancellationToken.None));
    }

    [Theory]
    [InlineData("http://hooks.seller.example/reminders", "https")]
    [InlineData("ftp://hooks.seller.example/reminders", "https")]
    [InlineData("https://user:secret@hooks.seller.example/reminders", "user name and password")]
    [InlineData("https://token@hooks.seller.example/reminders", "user name and password")]
    [InlineData("https://hooks.seller.example:22/reminders", "port 443")]
    [InlineData("https://hooks.seller.example:80/reminders", "port 443")]
    [InlineData("https://hooks.seller.example:1023/reminders", "port 443")]
    [InlineData("https://internal.seller.example/reminders", "private network")]
    [InlineData("https://metadata.seller.example/reminders", "link-local")]
    [InlineData("https://mixed.seller.example/reminders", "private network")]
    [InlineData("https://mapped.seller.example/reminders", "loopback")]
    [InlineData("https://localhost/reminders", "loopback")]
    [InlineData("https://nowhere.seller.example/reminders", "could not be resolved")]
    [InlineData("https://127.0.0.1/reminders", "loopback")]
    [InlineData("https://2130706433/reminders", "loopback")]
    [InlineData("https://0177.0.0.1/reminders", "loopback")]
    [InlineData("https://0x7f.1/reminders", "loopback")]
    [InlineData("https://[::ffff:127.0.0.1]/reminders", "loopback")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/reminders", "link-local")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://100.100.100.200/reminders", "carrier-grade NAT")]
    [InlineData("https://0.0.0.0/reminders", "unspecified")]
    [InlineData("https://[::]/reminders", "unspecified")]
    [InlineData("https://[fd00::1]/reminders", "unique local")]
    [InlineData("https://[fe80::1%25eth0]/reminders", "link-local")]
    [InlineData("https://239.1.1.1/reminders", "multicast")]
    [InlineData("https://255.255.255.255/reminders", "broadcast")]
    [InlineData("https://192.0.2.10/reminders", "reserved")]
    public async Task CheckAsync_UrlOutsideTheRules_IsRefusedSayingWhy(string url, string because)
    {
        var refusal = await s_production.CheckAsync(new Uri(url), CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Contains(because, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_UrlLongerThanTheLimit_IsRefused()
    {
        var url = new Uri("https://hooks.seller.example/" + new string('a', WebhookDestinationPolicy.MaxUrlLength));

        Assert.Contains("longer than 2048", await s_production.CheckAsync(url, CancellationToken.None), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hooks")]
    [InlineData("http://localhost:5000/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("http://[::1]:5000/hooks")]
    [InlineData("http://2130706433:5000/hooks")]
    public async Task CheckAsync_LoopbackAllowedForDevelopment_AcceptsLoopbackOverHttpToo(string url)
    {
        Assert.Null(await s_development.CheckAsync(new Uri(url), CancellationToken.None));
    }

    [Theory]
    [InlineData("http://hooks.seller.example/hooks", "https")]
    [InlineData("http://mixed.seller.example/hooks", "private network")]
    [InlineData("https://internal.seller.example/hooks", "private network")]
    [InlineData("http://10.0.0.1:5000/hooks", "private network")]
    [InlineData("https://[fd00::1]/hooks", "unique local")]
    public async Task CheckAsync_LoopbackAllowedForDevelopment_StillRefusesEverythingElse(string url, string because)
    {
        Assert.Contains(because, await s_development.CheckAsync(new Uri(url), CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ResolverTakesTooLong_IsRefusedAsUnresolvable()
    {
        var policy = new WebhookDestinationPolicy(false, new HangingResolver());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var (addresses, refusal) = await policy.ResolveAsync("slow.seller.example", plainHttp: false, cancel.Token);

        Assert.Empty(addresses);
        Assert.Contains("could not be resolved", refusal, StringComparison.Ordinal);
    }

    private sealed class HangingResolver : IHostResolver
    {
        public async Task<System.Net.IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
