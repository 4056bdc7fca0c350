using System.Net;
using Marketplace.Functions.Outbound;

namespace Marketplace.Functions.Tests.Outbound;

/// <summary>Which addresses a webhook may go to, decided from the address's bytes in every spelling.</summary>
public sealed class AddressClassifierTests
{
    [Theory]
    // IPv4: public
    [InlineData("8.8.8.8", AddressRange.Public)]
    [InlineData("93.184.216.34", AddressRange.Public)]
    [InlineData("1.1.1.1", AddressRange.Public)]
    [InlineData("9.255.255.255", AddressRange.Public)] // just below 10/8
    [InlineData("11.0.0.0", AddressRange.Public)] // just above 10/8
    [InlineData("100.63.255.255", AddressRange.Public)] // just below 100.64/10
    [InlineData("100.128.0.0", AddressRange.Public)] // just above 100.64/10
    [InlineData("126.255.255.255", AddressRange.Public)]
    [InlineData("128.0.0.0", AddressRange.Public)]
    [InlineData("169.253.255.255", AddressRange.Public)]
    [InlineData("169.255.0.0", AddressRange.Public)]
    [InlineData("172.15.255.255", AddressRange.Public)] // just below 172.16/12
    [InlineData("172.32.0.0", AddressRange.Public)] // just above 172.16/12
    [InlineData("192.167.255.255", AddressRange.Public)]
    [InlineData("192.169.0.0", AddressRange.Public)]
    [InlineData("223.255.255.255", AddressRange.Public)] // just below multicast
    // IPv4: this host, loopback
    [InlineData("0.0.0.0", AddressRange.Unspecified)]
    [InlineData("0.1.2.3", AddressRange.Unspecified)]
    [InlineData("127.0.0.1", AddressRange.Loopback)]
    [InlineData("127.255.255.254", AddressRange.Loopback)]
    [InlineData("127.1", AddressRange.Loopback)] // short form
    [InlineData("2130706433", AddressRange.Loopback)] // decimal
    [InlineData("0177.0.0.1", AddressRange.Loopback)] // octal
    [InlineData("0x7f.0.0.1", AddressRange.Loopback)] // hexadecimal
    [InlineData("0x7f000001", AddressRange.Loopback)]
    [InlineData("017700000001", AddressRange.Loopback)]
    // IPv4: private networks, CGNAT, link-local (cloud metadata)
    [InlineData("10.0.0.1", AddressRange.Private)]
    [InlineData("10.255.255.255", AddressRange.Private)]
    [InlineData("172.16.0.1", AddressRange.Private)]
    [InlineData("172.31.255.255", AddressRange.Private)]
    [InlineData("192.168.0.1", AddressRange.Private)]
    [InlineData("0xc0a80001", AddressRange.Private)] // 192.168.0.1 in hexadecimal
    [InlineData("100.64.0.1", AddressRange.SharedAddressSpace)]
    [InlineData("100.127.255.255", AddressRange.SharedAddressSpace)]
    [InlineData("169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("169.254.0.1", AddressRange.LinkLocal)]
    [InlineData("2852039166", AddressRange.LinkLocal)] // 169.254.169.254 in decimal
    // IPv4: multicast, broadcast, reserved
    [InlineData("224.0.0.1", AddressRange.Multicast)]
    [InlineData("239.255.255.255", AddressRange.Multicast)]
    [InlineData("255.255.255.255", AddressRange.Broadcast)]
    [InlineData("240.0.0.1", AddressRange.Reserved)]
    [InlineData("255.255.255.254", AddressRange.Reserved)]
    [InlineData("192.0.0.8", AddressRange.Reserved)]
    [InlineData("192.0.2.1", AddressRange.Reserved)]
    [InlineData("198.18.0.1", AddressRange.Reserved)]
    [InlineData("198.19.255.255", AddressRange.Reserved)]
    [InlineData("198.51.100.7", AddressRange.Reserved)]
    [InlineData("203.0.113.9", AddressRange.Reserved)]
    [InlineData("192.88.99.1", AddressRange.Reserved)]
    // IPv6: public
    [InlineData("2606:4700:4700::1111", AddressRange.Public)]
    [InlineData("2a00:1450:4001:81c::200e", AddressRange.Public)]
    [InlineData("2001:4860:4860::8888", AddressRange.Public)]
    [InlineData("64:ff9b::808:808", AddressRange.Public)] // NAT64 of 8.8.8.8
    [InlineData("2002:808:808::1", AddressRange.Public)] // 6to4 of 8.8.8.8
    [InlineData("::ffff:8.8.8.8", AddressRange.Public)] // IPv4-mapped 8.8.8.8
    // IPv6: this host, loopback, and the IPv4 forms of loopback
    [InlineData("::", AddressRange.Unspecified)]
    [InlineData("::1", AddressRange.Loopback)]
    [InlineData("0:0:0:0:0:0:0:1", AddressRange.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressRange.Loopback)]
    [InlineData("::ffff:7f00:1", AddressRange.Loopback)]
    [InlineData("::ffff:0.0.0.0", AddressRange.Unspecified)]
    [InlineData("64:ff9b::7f00:1", AddressRange.Loopback)] // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::127.0.0.1", AddressRange.Loopback)]
    [InlineData("2002:7f00:1::", AddressRange.Loopback)] // 6to4 of 127.0.0.1
    [InlineData("::127.0.0.1", AddressRange.Reserved)] // IPv4-compatible (deprecated)
    [InlineData("::8.8.8.8", AddressRange.Reserved)]
    // IPv6: the IPv4 forms of private, CGNAT and metadata addresses
    [InlineData("::ffff:10.0.0.1", AddressRange.Private)]
    [InlineData("::ffff:192.168.1.1", AddressRange.Private)]
    [InlineData("::ffff:100.64.0.1", AddressRange.SharedAddressSpace)]
    [InlineData("::ffff:169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("::ffff:a9fe:a9fe", AddressRange.LinkLocal)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressRange.LinkLocal)]
    [InlineData("64:ff9b::10.1.2.3", AddressRange.Private)]
    [InlineData("2002:a00:1::", AddressRange.Private)] // 6to4 of 10.0.0.1
    [InlineData("64:ff9b:1::a00:1", AddressRange.Reserved)] // local-use NAT64 (RFC 8215): an operator's own network
    // IPv6: unique local, link-local, multicast, reserved
    [InlineData("fc00::1", AddressRange.UniqueLocal)]
    [InlineData("fd12:3456:789a::1", AddressRange.UniqueLocal)]
    [InlineData("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressRange.UniqueLocal)]
    [InlineData("fe80::1", AddressRange.LinkLocal)]
    [InlineData("fe80::1%2", AddressRange.LinkLocal)]
    [InlineData("febf::1", AddressRange.LinkLocal)]
    [InlineData("fec0::1", AddressRange.Reserved)] // site-local (deprecated)
    [InlineData("ff02::1", AddressRange.Multicast)]
    [InlineData("ff05::1:3", AddressRange.Multicast)]
    [InlineData("2001:db8::1", AddressRange.Reserved)] // documentation
    [InlineData("3fff::1", AddressRange.Reserved)] // documentation
    [InlineData("2001::1", AddressRange.Reserved)] // Teredo
    [InlineData("2001:2::1", AddressRange.Reserved)] // benchmarking
    [InlineData("100::1", AddressRange.Reserved)] // discard-only
    [InlineData("5f00::1", AddressRange.Reserved)] // segment routing
    [InlineData("4000::1", AddressRange.Reserved)] // outside 2000::/3
    [InlineData("1fff:ffff::1", AddressRange.Reserved)]
    public void Classify_Address_IsInItsRange(string text, AddressRange expected)
    {
        var address = IPAddress.Parse(text);

        Assert.Equal(expected, AddressClassifier.Classify(address));
        Assert.Equal(expected == AddressRange.Public, AddressClassifier.IsPublic(address));
    }
}
