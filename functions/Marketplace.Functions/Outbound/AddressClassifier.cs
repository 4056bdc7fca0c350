using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Functions.Outbound;

/// <summary>
/// Tells which <see cref="AddressRange"/> an IP address is in, from its bytes (never its text, which has many
/// spellings: 2130706433, 0177.0.0.1 and 0x7f.1 are all 127.0.0.1). IPv6 forms that carry an IPv4 address
/// (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:AABB:CCDD::) are judged by that IPv4 address, since
/// that is where a connection ends up. Based on the IANA IPv4 and IPv6 special-purpose address registries.
/// </summary>
public static class AddressClassifier
{
    // IPv4 special-purpose ranges (network, prefix length) other than the ones with their own AddressRange.
    private static readonly (uint Network, int Prefix)[] s_reservedV4 =
    [
        (0xC0000000, 24), // 192.0.0.0/24 IETF protocol assignments
        (0xC0000200, 24), // 192.0.2.0/24 TEST-NET-1
        (0xC0586300, 24), // 192.88.99.0/24 6to4 relay anycast (deprecated)
        (0xC6120000, 15), // 198.18.0.0/15 benchmarking
        (0xC6336400, 24), // 198.51.100.0/24 TEST-NET-2
        (0xCB007100, 24), // 203.0.113.0/24 TEST-NET-3
        (0xF0000000, 4), // 240.0.0.0/4 reserved
    ];

    /// <summary>The range <paramref name="address"/> is in.</summary>
    public static AddressRange Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes())),
            AddressFamily.InterNetworkV6 => ClassifyV6(address.GetAddressBytes()),
            _ => AddressRange.Reserved,
        };
    }

    /// <summary>True for a globally routable unicast address.</summary>
    public static bool IsPublic(IPAddress address) => Classify(address) == AddressRange.Public;

    private static AddressRange ClassifyV4(uint a)
    {
        if (In(a, 0x00000000, 8))
        {
            return AddressRange.Unspecified;
        }

        if (In(a, 0x7F000000, 8))
        {
            return AddressRange.Loopback;
        }

        if (In(a, 0x0A000000, 8) || In(a, 0xAC100000, 12) || In(a, 0xC0A80000, 16))
        {
            return AddressRange.Private;
        }

        if (In(a, 0x64400000, 10))
        {
            return AddressRange.SharedAddressSpace;
        }

        if (In(a, 0xA9FE0000, 16))
        {
            return AddressRange.LinkLocal;
        }

        if (In(a, 0xE0000000, 4))
        {
            return AddressRange.Multicast;
        }

        if (a == 0xFFFFFFFF)
        {
            return AddressRange.Broadcast;
        }

        return s_reservedV4.Any(r => In(a, r.Network, r.Prefix)) ? AddressRange.Reserved : AddressRange.Public;
    }

    private static AddressRange ClassifyV6(byte[] b)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(b);
        var low = BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(8));
        var embeddedV4 = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(12));

        if (high == 0)
        {
            return low switch
            {
                0 => AddressRange.Unspecified, // ::
                1 => AddressRange.Loopback, // ::1
                _ when low >> 32 == 0xFFFF => ClassifyV4(embeddedV4), // ::ffff:a.b.c.d, IPv4-mapped
                _ => AddressRange.Reserved, // ::a.b.c.d (IPv4-compatible, deprecated) and the rest of ::/80
            };
        }

        if (high == 0x0064_FF9B_0000_0000 && low >> 32 == 0)
        {
            return ClassifyV4(embeddedV4); // 64:ff9b::/96, the well-known NAT64 prefix: the connection goes to that IPv4 address
        }

        if (b[0] == 0xFF)
        {
            return AddressRange.Multicast; // ff00::/8
        }

        if ((b[0] & 0xFE) == 0xFC)
        {
            return AddressRange.UniqueLocal; // fc00::/7
        }

        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        {
            return AddressRange.LinkLocal; // fe80::/10
        }

        if (b[0] >> 5 != 0b001)
        {
            return AddressRange.Reserved; // outside 2000::/3, global unicast: fec0::/10 site-local, 100::/64 discard, 64:ff9b:1::/48 local NAT64…
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(2))); // 2002::/16, 6to4: 2002:AABB:CCDD:: carries AA.BB.CC.DD
        }

        if (b[0] == 0x20 && b[1] == 0x01 && (b[2] & 0xFE) == 0)
        {
            return AddressRange.Reserved; // 2001::/23 IETF protocol assignments: Teredo, benchmarking, ORCHID…
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
        {
            return AddressRange.Reserved; // 2001:db8::/32 documentation
        }

        if ((b[0] == 0x3F && b[1] == 0xFF && (b[2] & 0xF0) == 0) || (b[0] == 0x5F && b[1] == 0x00))
        {
            return AddressRange.Reserved; // 3fff::/20 documentation, 5f00::/16 segment routing
        }

        return AddressRange.Public;
    }

    private static bool In(uint address, uint network, int prefix) => (address ^ network) >> (32 - prefix) == 0;
}
