namespace Serverless.Testing;

/// <summary>The three ports of one Azurite instance, and the connection string that reaches them.</summary>
public sealed record AzuriteEndpoints(int BlobPort, int QueuePort, int TablePort)
{
    /// <summary>Azurite's well-known development account key (public, the same on every machine).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string AccountName = "devstoreaccount1";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>The ports of an Azurite connection string as this type writes it (blob, queue and table endpoints on loopback).</summary>
    public static AzuriteEndpoints Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return new AzuriteEndpoints(Port("BlobEndpoint"), Port("QueueEndpoint"), Port("TableEndpoint"));

        int Port(string name) => parts.TryGetValue(name, out var endpoint)
            ? new Uri(endpoint).Port
            : throw new ArgumentException($"The connection string has no {name}.", nameof(connectionString));
    }
}
