using System.Text;

namespace Marketplace.BadInput.Families;

/// <summary>
/// The durable management API (/runtime/webhooks/durabletask/): instance queries with bad continuation tokens, page
/// sizes, dates, statuses and prefixes; instance operations on ids that name nothing or traverse; bad event payloads;
/// missing, wrong and forged keys and signatures (those must be refused).
/// </summary>
public static class DurableProbes
{
    public const string Family = "durable";
    private const string Prefix = "/runtime/webhooks/durabletask";

    private static readonly string[] s_dates =
    [
        "notadate", "2026-13-45", "2026-02-30T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "-1", "1e10", "%00", "2026-01-01T00:00:00%2B99:00",
        new string('9', 500), "now", "2026-01-01T25:61:61Z", "%20", "10000-01-01T00:00:00Z",
    ];

    private static readonly string[] s_continuations =
    [
        "garbage", "!!!", "%00", "%FF", "====", BadValues.Base64("{\"x\":1}"), BadValues.Base64("'"), BadValues.Base64("x' or PartitionKey ne '"),
        BadValues.Base64("null"), BadValues.Base64("[]"), BadValues.Base64("\"\""), BadValues.Base64("{\"NextPartitionKey\":1}"),
        BadValues.Base64(new string('z', 3000)), new string('A', 5000), "eyJ", "e30", BadValues.Base64Bytes([0xFF, 0xFE, 0x00]), "%2e%2e%2f", "a%20b",
        BadValues.Base64("{\"p\":\"\\ud800\"}"), "1", "-1", "null",
    ];

    private static readonly string[] s_instanceIds =
    [
        "%2e%2e", "..%2f..", "a%2fb", "'", "x'%20or%20''%3D'", new string('i', 2000), "%00", "%ED%A0%80", "%C0%AE", "%20", "nosuch", "%23", "%3F", "a%5cb", "~",
    ];

    public static IEnumerable<Probe> Generate(ProbeContext context, Random random)
    {
        var key = "code=" + Uri.EscapeDataString(context.SystemKey);
        return ProbeStreams.Interleave(
        [
            BadValues.Numbers.Select(top => Get("bad-top", $"{Prefix}/instances?{key}&top={top}")),
            s_dates.SelectMany(date => (Probe[])[Get("bad-date", $"{Prefix}/instances?{key}&createdTimeFrom={date}"), Get("bad-date", $"{Prefix}/instances?{key}&createdTimeTo={date}")]),
            s_continuations.SelectMany(token => (Probe[])
            [
                Get("bad-continuation", $"{Prefix}/instances?{key}&continuationToken={token}"),
                Get("bad-continuation", $"{Prefix}/instances?{key}").WithHeader("x-ms-continuation-token", token),
                Get("bad-continuation", $"{Prefix}/deadletters?{key}&continuationToken={token}"),
            ]),
            ((string[])["bogus", "Running,bogus", ",,,", "1", "99", "-1", "%00", "Running%00", "running", new string('r', 1000)])
                .Select(status => Get("bad-status", $"{Prefix}/instances?{key}&runtimeStatus={status}")),
            ((string[])["'", "x'%20or%20''%3D'", "%00", "%5c", new string('p', 2000), "%ED%A0%80", "*", "%25"])
                .Select(prefix => Get("bad-prefix", $"{Prefix}/instances?{key}&instanceIdPrefix={prefix}")),
            Instances(context, key),
            Keys(context),
            BadValues.Numbers.Select(top => Get("bad-top", $"{Prefix}/deadletters?{key}&top={top}")),
        ],
        () => Get("random-query", $"{Prefix}/instances?{key}&top={random.Pick(BadValues.Numbers)}&continuationToken={random.Pick(s_continuations)}&createdTimeFrom={random.Pick(s_dates)}"));
    }

    private static IEnumerable<Probe> Instances(ProbeContext context, string key)
    {
        foreach (var id in s_instanceIds)
        {
            var instance = $"{Prefix}/instances/{id}";
            yield return Get("bad-instance", $"{instance}?{key}");
            yield return Get("bad-instance", $"{instance}?{key}&showHistory=maybe&showInput=2");
            yield return Send("bad-instance", HttpMethod.Post, $"{instance}/raiseEvent/approval?{key}", "{\"ok\":true}");
            yield return Send("bad-instance", HttpMethod.Post, $"{instance}/raiseEvent/{id}?{key}", "{");
            yield return Send("bad-instance", HttpMethod.Post, $"{instance}/terminate?{key}&reason={new string('r', 3000)}", "");
            yield return Send("bad-instance", HttpMethod.Post, $"{instance}/suspend?{key}", "");
            yield return Send("bad-instance", HttpMethod.Post, $"{instance}/resume?{key}", "");
            yield return Send("bad-instance", HttpMethod.Delete, $"{instance}?{key}", "");
            yield return Send("bad-instance", HttpMethod.Post, $"{Prefix}/deadletters/{id}/replay?{key}", "");
        }

        foreach (var body in BadValues.BadJson.Where(b => b.Trim().Length > 0))
        {
            yield return Send("bad-event-payload", HttpMethod.Post, $"{Prefix}/instances/nosuch/raiseEvent/approval?{key}", body);
        }
    }

    // No key, wrong keys, and signatures that were never issued: all refused, whatever the route.
    private static IEnumerable<Probe> Keys(ProbeContext context)
    {
        string[] routes = [$"{Prefix}/instances", $"{Prefix}/instances/nosuch", $"{Prefix}/deadletters"];
        string[] keys =
        [
            "", "code=", "code=wrong", "code=" + Uri.EscapeDataString(context.SystemKey.ToUpperInvariant()), "code=" + Uri.EscapeDataString(context.SystemKey[..^1]),
            "code=" + Uri.EscapeDataString(context.SystemKey) + "%00", "code=%00", "sig=abc", "sig=" + new string('0', 64), "code[]=x",
            "CODE=" + Uri.EscapeDataString(context.SystemKey) + "x",
        ];
        foreach (var route in routes)
        {
            foreach (var k in keys)
            {
                yield return Get("bad-key", $"{route}?{k}") with { Expect = ProbeExpectation.MustBeRefused };
            }

            yield return Get("bad-key", route).WithHeader("x-functions-key", new string('k', 20_000)) with { Expect = ProbeExpectation.MustBeRefused };
            yield return Get("bad-key", route).WithHeader("x-functions-key", "wrong") with { Expect = ProbeExpectation.MustBeRefused };
        }

        yield return Send("bad-key", HttpMethod.Post, $"{Prefix}/instances/nosuch/terminate?sig={new string('a', 64)}", "") with { Expect = ProbeExpectation.MustBeRefused };
        yield return Send("bad-key", HttpMethod.Delete, $"{Prefix}/instances/nosuch?sig=x", "") with { Expect = ProbeExpectation.MustBeRefused };
    }

    private static Probe Get(string kind, string path) => new(Family, kind, HttpMethod.Get, path);

    private static Probe Send(string kind, HttpMethod method, string path, string body) =>
        new(Family, kind, method, path) { Body = body.Length == 0 ? null : Encoding.UTF8.GetBytes(body), ContentType = body.Length == 0 ? null : "application/json" };
}
