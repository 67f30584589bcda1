using System.Net.NetworkInformation;
using System.Net.Sockets;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Interfaces;
using Xunit;

namespace ArpDoctor.Linux.Tests.Interfaces;

/// <summary>
/// <see cref="InterfaceCatalog.Find"/> (interface ioctls) against .NET's <see cref="NetworkInterface"/>
/// (netlink) on every interface of this machine's namespace: the same MAC, the same first IPv4 address.
/// </summary>
public class InterfaceCatalogTests
{
    [Fact]
    public void Find_agrees_with_NetworkInterface_on_every_interface_here()
    {
        var nics = NetworkInterface.GetAllNetworkInterfaces();
        Assert.NotEmpty(nics);
        foreach (var nic in nics)
        {
            var info = InterfaceCatalog.Find(nic.Name);
            Assert.True(info is not null, $"{nic.Name} not found");
            Assert.Equal(nic.Name, info.Name);

            var bytes = nic.GetPhysicalAddress().GetAddressBytes();
            var expectedMac = nic.NetworkInterfaceType == NetworkInterfaceType.Ethernet && bytes.Length == MacAddress.Length
                ? MacAddress.Read(bytes)
                : MacAddress.Zero;
            Assert.Equal(expectedMac, info.Mac);

            var ipv4 = nic.GetIPProperties().UnicastAddresses
                .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => Ipv4Address.FromIPAddress(a.Address))
                .ToList();
            if (ipv4.Count == 0) Assert.Null(info.Ipv4);
            else Assert.Equal(ipv4[0], info.Ipv4);
        }
    }

    [Fact]
    public void The_loopback_is_up_and_has_no_Ethernet_address()
    {
        var lo = InterfaceCatalog.Find("lo");
        Assert.NotNull(lo);
        Assert.True(lo.IsUp);
        Assert.Equal(MacAddress.Zero, lo.Mac);
        Assert.Equal(Ipv4Address.Parse("127.0.0.1"), lo.Ipv4);
    }

    [Theory]
    [InlineData("nosuch0")]
    [InlineData("")]
    [InlineData("a-name-longer-than-ifnamsiz")]
    [InlineData("../eth0")]
    public void A_name_that_is_no_interface_is_not_found(string name) => Assert.Null(InterfaceCatalog.Find(name));
}
