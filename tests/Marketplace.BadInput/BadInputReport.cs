using System.Globalization;
using System.Text;

namespace Marketplace.BadInput;

/// <summary>The run's outcome: counts by family and status, every finding grouped with examples, and what changed in storage.</summary>
public sealed class BadInputReport(
    BadInputOptions options, Uri app, IReadOnlyList<ProbeOutcome> outcomes, TimeSpan elapsed, StorageCensus before,
    IReadOnlyList<string> writesByKind, IReadOnlyList<string> changedRightAfter, IReadOnlyList<string> changedAfterSettling)
{
    /// <summary>How many examples each group of findings shows.</summary>
    private const int ExamplesPerGroup = 3;

    public IReadOnlyList<ProbeOutcome> Outcomes => outcomes;

    public TimeSpan Elapsed => elapsed;

    public IReadOnlyList<ProbeOutcome> WithFindings { get; } = [.. outcomes.Where(o => o.Findings.Count > 0)];

    /// <summary>Storage differences from before the run, right after it and once the app settled (deduplicated).</summary>
    public IReadOnlyList<string> StorageChanges { get; } = [.. changedRightAfter.Select(l => "right after the run: " + l).Concat(changedAfterSettling.Select(l => "after settling: " + l))];

    public bool Passed => WithFindings.Count == 0 && StorageChanges.Count == 0;

    public int Count(FindingKind kind) => outcomes.Count(o => o.Findings.Contains(kind));

    public string Format()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"Bad-input suite: {outcomes.Count} malformed requests in {elapsed.TotalSeconds:0.0} s ({outcomes.Count / Math.Max(elapsed.TotalSeconds, 0.001):0} requests/s), seed {options.Seed}, {options.Concurrency} in flight, app at {app}");
        text.AppendLine(invariant, $"Storage before the run: {before.Tables.Count} tables ({before.Rows} rows), {before.Queues.Count} queues ({before.Messages} messages), {before.Containers.Count} containers ({before.Blobs} blobs)");
        text.AppendLine();
        AppendTable(text);
        text.AppendLine();
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            AppendFindings(text, kind);
        }

        text.AppendLine(invariant, $"Storage changes (malformed requests must write nothing): {(StorageChanges.Count == 0 ? "none" : StorageChanges.Count.ToString(invariant))}");
        foreach (var line in StorageChanges)
        {
            text.AppendLine("  " + line);
        }

        if (writesByKind.Count > 0)
        {
            text.AppendLine("  Written by (a census after each family/kind of request):");
            foreach (var line in writesByKind)
            {
                text.AppendLine("    " + line);
            }
        }

        text.AppendLine();
        text.AppendLine(Passed ? "PASSED: no 5xx, no exception text, every error a problem document with a code, no forgery accepted, nothing written."
            : $"FAILED: {WithFindings.Count} requests with findings, {StorageChanges.Count} storage changes.");
        return text.ToString();
    }

    /// <summary>Every request and its answer, one per line: family, kind, method, path, status, findings, request body and answer (both clipped).</summary>
    public async Task DumpAsync(string path, CancellationToken cancellationToken)
    {
        var lines = outcomes.Select(o => string.Join('\t', o.Probe.Family, o.Probe.Kind, o.Probe.Method, o.Probe.PathAndQuery, o.StatusLabel,
            string.Join(',', o.Findings), Sent(o.Probe, 300), Clip(o.Body, 300)));
        await File.WriteAllLinesAsync(path, lines, cancellationToken);
    }

    private void AppendTable(StringBuilder text)
    {
        var statuses = outcomes.Select(o => o.StatusLabel).Distinct().Order(StringComparer.Ordinal).ToList();
        var families = outcomes.Select(o => o.Probe.Family).Distinct().ToList();
        var header = $"{"family",-10}{"requests",9}" + string.Concat(statuses.Select(s => $"{s,6}"));
        text.AppendLine(header);
        text.AppendLine(new string('-', header.Length));
        foreach (var family in families.Append("total"))
        {
            var rows = family == "total" ? outcomes : outcomes.Where(o => o.Probe.Family == family).ToList();
            text.Append(CultureInfo.InvariantCulture, $"{family,-10}{rows.Count,9}");
            foreach (var status in statuses)
            {
                var count = rows.Count(o => o.StatusLabel == status);
                text.Append(CultureInfo.InvariantCulture, $"{(count == 0 ? "." : count.ToString(CultureInfo.InvariantCulture)),6}");
            }

            text.AppendLine();
        }
    }

    private void AppendFindings(StringBuilder text, FindingKind kind)
    {
        var hits = outcomes.Where(o => o.Findings.Contains(kind)).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Describe(kind)}: {(hits.Count == 0 ? "none" : hits.Count.ToString(CultureInfo.InvariantCulture))}");
        foreach (var group in hits.GroupBy(o => (o.Probe.Family, o.Probe.Kind, o.StatusLabel)).OrderByDescending(g => g.Count()))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key.Family}/{group.Key.Kind} -> {group.Key.StatusLabel}: {group.Count()}");
            foreach (var example in group.Take(ExamplesPerGroup))
            {
                var contentType = example.Probe.Body is null || example.Probe.ContentType == "application/json" ? "" : $" [Content-Type: {example.Probe.ContentType ?? "none"}]";
                text.AppendLine(CultureInfo.InvariantCulture, $"    {example.Probe.Method} {Clip(example.Probe.PathAndQuery, 160)}{contentType} -> {example.StatusLabel}: {Clip(example.Body, 200)}");
                if (example.Probe.Body is { Length: > 0 })
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"      sent: {Sent(example.Probe, 160)}");
                }
            }
        }
    }

    private static string Describe(FindingKind kind) => kind switch
    {
        FindingKind.ServerError => "5xx responses",
        FindingKind.ExceptionText => "Exception text in bodies",
        FindingKind.NotAProblemDocument => "Errors that are not problem documents with a code",
        FindingKind.ForgeryAccepted => "Forgeries accepted (2xx to a forged token, signature, key or route)",
        _ => "Requests left unanswered",
    };

    // The request body as text, bytes that are not printable ASCII written as \xNN, clipped.
    private static string Sent(Probe probe, int length)
    {
        var bytes = probe.Body ?? [];
        var text = new StringBuilder();
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, length)))
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : string.Create(CultureInfo.InvariantCulture, $"\\x{b:X2}"));
        }

        return bytes.Length > length ? text.Append(CultureInfo.InvariantCulture, $"… ({bytes.Length} bytes)").ToString() : text.ToString();
    }

    private static string Clip(string text, int length)
    {
        var oneLine = text.Replace('\n', ' ').Replace('\r', ' ');
        return oneLine.Length <= length ? oneLine : oneLine[..length] + "…";
    }
}
