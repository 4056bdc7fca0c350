using System.Net.Http.Headers;
using System.Text;

namespace Marketplace.BadInput;

/// <summary>Sends probes to the app exactly as written (no path canonicalization, no header validation) and checks each answer.</summary>
public sealed class ProbeRunner : IDisposable
{
    /// <summary>How much of each body is read and kept (problem documents are far smaller).</summary>
    private const int MaxBodyBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;

    public ProbeRunner(Uri baseAddress, int concurrency)
    {
        _baseAddress = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            AllowAutoRedirect = false,
            UseCookies = false,
            // Header values go out byte for byte (Latin-1), so non-ASCII ones reach the server instead of failing here.
            RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1,
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public async Task<IReadOnlyList<ProbeOutcome>> RunAllAsync(IReadOnlyList<Probe> probes, int concurrency, CancellationToken cancellationToken)
    {
        var outcomes = new ProbeOutcome[probes.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, probes.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await SendAsync(probes[i], ct));
        return outcomes;
    }

    public async Task<ProbeOutcome> SendAsync(Probe probe, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseAddress.GetLeftPart(UriPartial.Authority) + probe.PathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(probe.Method, uri);
        if (probe.Body is not null)
        {
            request.Content = new ByteArrayContent(probe.Body);
            if (probe.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", probe.ContentType);
            }
        }

        foreach (var (name, value) in probe.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = await ReadStartAsync(response.Content, cancellationToken);
            var status = (int)response.StatusCode;
            var findings = ResponseCheck.Check(probe, status, response.Content.Headers.ContentType?.ToString(), body);
            return new ProbeOutcome(probe, status, body, findings);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // The server may close the connection on a body it refuses before reading it; anything else is a request left unanswered.
            IReadOnlyList<FindingKind> findings = probe.Expect.HasFlag(ProbeExpectation.ServerMayReject) ? [] : [FindingKind.NoAnswer];
            return new ProbeOutcome(probe, null, $"({ex.GetType().Name}: {ex.Message})", findings);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
