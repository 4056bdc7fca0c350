namespace Marketplace.Functions.Outbound;

/// <summary>What an IP address is, as far as sending it an HTTP request from our servers is concerned.</summary>
public enum AddressRange
{
    /// <summary>A globally routable unicast address: the only kind a seller's webhook may point at.</summary>
    Public,

    /// <summary>0.0.0.0/8 and :: ("this host"; connecting to it reaches this machine).</summary>
    Unspecified,

    /// <summary>127.0.0.0/8 and ::1: this machine.</summary>
    Loopback,

    /// <summary>10/8, 172.16/12, 192.168/16 (RFC 1918): the local network.</summary>
    Private,

    /// <summary>100.64.0.0/10 (RFC 6598): carrier-grade NAT, an operator's internal network.</summary>
    SharedAddressSpace,

    /// <summary>169.254.0.0/16 (cloud metadata endpoints: 169.254.169.254) and fe80::/10.</summary>
    LinkLocal,

    /// <summary>fc00::/7 (RFC 4193): the IPv6 counterpart of private addresses.</summary>
    UniqueLocal,

    /// <summary>224.0.0.0/4 and ff00::/8.</summary>
    Multicast,

    /// <summary>255.255.255.255.</summary>
    Broadcast,

    /// <summary>
    /// Any other special-purpose range (IANA registries): documentation, benchmarking, protocol assignments,
    /// 240.0.0.0/4, deprecated IPv6 forms (site-local, IPv4-compatible), and IPv6 outside 2000::/3.
    /// </summary>
    Reserved,
}
