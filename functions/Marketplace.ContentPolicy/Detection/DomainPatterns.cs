using Marketplace.ContentPolicy.Text;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>Matches host names against "brand.*" (any suffix) and exact-domain patterns, subdomains included.</summary>
internal sealed class DomainPatterns
{
    private readonly string[] brandPrefixes;
    private readonly string[] brandInfixes;
    private readonly string[] exact;
    private readonly string[] exactSuffixes;

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

        brandPrefixes = [.. brands.Select(b => b + ".")];
        brandInfixes = [.. brands.Select(b => "." + b + ".")];
        exact = [.. exactList];
        exactSuffixes = [.. exactList.Select(e => "." + e)];
    }

    public bool Matches(string host)
    {
        for (var i = 0; i < brandPrefixes.Length; i++)
        {
            if (host.StartsWith(brandPrefixes[i], StringComparison.Ordinal) || host.Contains(brandInfixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        for (var i = 0; i < exact.Length; i++)
        {
            if (host.Equals(exact[i], StringComparison.Ordinal) || host.EndsWith(exactSuffixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
