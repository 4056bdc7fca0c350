using Marketplace.ContentPolicy.Text;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>Matches host names against "brand.*" (any suffix) and exact-domain patterns, subdomains included.</summary>
internal sealed class DomainPatterns
{
    private readonly string[] _brandPrefixes;
    private readonly string[] _brandInfixes;
    private readonly string[] _exact;
    private readonly string[] _exactSuffixes;

    public DomainPatterns(IEnumerable<string> patterns)
    {
        var brands = new List<string>();
        var exactList = new List<string>();
        foreach (var raw in patterns)
        {
            var p = raw.Trim().TrimStart('.').ToLowerInvariantSafe();
            if (p.Length == 0)
            {
                continue;
            }

            if (p.EndsWith(".*", StringComparison.Ordinal))
            {
                brands.Add(p[..^2]);
            }
            else
            {
                exactList.Add(p.StartsWith("*.", StringComparison.Ordinal) ? p[2..] : p);
            }
        }

        _brandPrefixes = [.. brands.Select(b => b + ".")];
        _brandInfixes = [.. brands.Select(b => "." + b + ".")];
        _exact = [.. exactList];
        _exactSuffixes = [.. exactList.Select(e => "." + e)];
    }

    public bool Matches(string host)
    {
        for (var i = 0; i < _brandPrefixes.Length; i++)
        {
            if (host.StartsWith(_brandPrefixes[i], StringComparison.Ordinal) || host.Contains(_brandInfixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        for (var i = 0; i < _exact.Length; i++)
        {
            if (host.Equals(_exact[i], StringComparison.Ordinal) || host.EndsWith(_exactSuffixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
