namespace Marketplace.Domain.Claims;

/// <summary>The snake_case names claims use on the wire for their enums ("not_received", "offer_partial_refund").</summary>
public static class ClaimNames
{
    public static string Of<T>(T value)
        where T : struct, Enum =>
        Snake(value.ToString());

    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Of(candidate) == name)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Every wire name of <typeparamref name="T"/>, for the sentence that lists them.</summary>
    public static IEnumerable<string> All<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => Of(v));

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
