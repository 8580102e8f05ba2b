using System.Net;
using LiveServer.WebRtc.Ice;

namespace LiveServer.WebRtc.Tests.Ice;

public sealed class HostAddressesTests
{
    private static readonly InterfaceAddress[] Machine =
    [
        new("lo", IPAddress.Loopback, true, true),
        new("lo", IPAddress.IPv6Loopback, true, true),
        new("eth0", IPAddress.Parse("192.0.2.10"), true, false),
        new("eth0", IPAddress.Parse("fe80::1"), true, false),
        new("eth0", IPAddress.Parse("2001:db8::10"), true, false),
        new("eth1", IPAddress.Parse("169.254.3.4"), true, false),
        new("eth2", IPAddress.Parse("198.51.100.7"), false, false),
        new("wg0", IPAddress.Parse("203.0.113.9"), true, false),
        new("wg0", IPAddress.Parse("203.0.113.9"), true, false),
    ];

    [Fact]
    public void Select_IPv6Any_BothFamiliesLoopbackLastLinkLocalAndDownSkipped() =>
        Assert.Equal(
            [IPAddress.Parse("192.0.2.10"), IPAddress.Parse("203.0.113.9"), IPAddress.Parse("2001:db8::10"), IPAddress.Loopback, IPAddress.IPv6Loopback],
            HostAddresses.Select(Machine, IPAddress.IPv6Any, []));

    [Fact]
    public void Select_Any_IPv4Only() =>
        Assert.Equal(
            [IPAddress.Parse("192.0.2.10"), IPAddress.Parse("203.0.113.9"), IPAddress.Loopback],
            HostAddresses.Select(Machine, IPAddress.Any, []));

    [Fact]
    public void Select_Interfaces_NarrowToThoseNames() =>
        Assert.Equal(
            [IPAddress.Parse("203.0.113.9")],
            HostAddresses.Select(Machine, IPAddress.IPv6Any, ["wg0"]));

    [Fact]
    public void Select_SpecificAddress_ThatAddressAlone() =>
        Assert.Equal([IPAddress.Parse("192.0.2.99")], HostAddresses.Select(Machine, IPAddress.Parse("192.0.2.99"), []));

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("169.254.1.1", false)]
    [InlineData("224.0.0.251", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("fe80::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:192.0.2.1", false)]
    [InlineData("fd00::1", true)]
    public void IsUsable_UnicastNotLinkLocal(string address, bool usable) =>
        Assert.Equal(usable, HostAddresses.IsUsable(IPAddress.Parse(address)));

    [Fact]
    public void FromSystem_HasLoopback() =>
        Assert.Contains(HostAddresses.FromSystem(), a => a.IsLoopback && a.Address.Equals(IPAddress.Loopback));
}
