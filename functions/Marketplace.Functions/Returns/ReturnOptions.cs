namespace Marketplace.Functions.Returns;

/// <summary>Settings of returns (section "Returns").</summary>
public sealed class ReturnOptions
{
    public const string Section = "Returns";

    /// <summary>
    /// Where returns go, per marketplace and seller: <c>Returns:Addresses:{marketplace}:{sellerId}</c> = the address's lines
    /// separated by '|'. A seller without one gets "{sellerId}, c/o {marketplace} returns".
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Addresses { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The largest label a marketplace may post (2 MiB).</summary>
    public int MaxLabelBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long an approved refund that depends on a return waits for "return.delivered" before it is paid anyway (48 h).</summary>
    public TimeSpan InspectionWindow { get; set; } = TimeSpan.FromHours(48);
}
