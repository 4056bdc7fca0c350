using Marketplace.ContentPolicy.Text;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>State shared by the detectors while one message is checked: the text, the profile, hits and safe spans.</summary>
internal sealed class DetectionContext(NormalizedText normalized, CompiledProfile profile)
{
    public NormalizedText Normalized { get; } = normalized;

    public string Text { get; } = normalized.Text;

    public CompiledProfile Profile { get; } = profile;

    public List<RawFinding> Findings { get; } = new(8);

    /// <summary>Spans of allowed links (marketplace, carrier tracking) that later detectors skip.</summary>
    public List<(int Start, int End)> SafeSpans { get; } = new(8);

    public void Add(string reason, string kind, int start, int end) => Findings.Add(new RawFinding(reason, kind, start, end));

    /// <summary>Adds a fuzzy finding: the profile's Block becomes Hold, so a person decides.</summary>
    public void AddWeak(string reason, string kind, int start, int end) => Findings.Add(new RawFinding(reason, kind, start, end, Weak: true));

    public bool OverlapsFinding(int start, int end)
    {
        foreach (var f in Findings)
        {
            if (f.Start < end && start < f.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the span overlaps an allowed link or an everyday number (date, price, tracking or order number).</summary>
    public bool OverlapsSafe(int start, int end)
    {
        foreach (var (s, e) in SafeSpans)
        {
            if (s < end && start < e)
            {
                return true;
            }
        }

        return SafeNumberDetector.IsSafe(Text, start, end);
    }
}
