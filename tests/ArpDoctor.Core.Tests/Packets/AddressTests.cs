using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Packets;

public class AddressTests
{
    [Theory]
    [InlineData("aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff")]
    [InlineData("aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("aabbccddeeff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("0:c:29:1:2:3", "00:0c:29:01:02:03")]
    public void Parses_MAC_spellings_and_prints_lowercase(string text, string expected)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal(expected, mac.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("aa:bb:cc:dd:ee")]
    [InlineData("aa:bb:cc:dd:ee:ff:00")]
    [InlineData("aa:bb:cc:dd:ee:fg")]
    [InlineData("aaa:bb:cc:dd:ee:ff")]
    [InlineData("aa::cc:dd:ee:ff")]
    public void Rejects_bad_MACs(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Theory]
    [InlineData("203.0.113.10", 0xCB00710Au)]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    public void Parses_dotted_quads(string text, uint value)
    {
        Assert.True(Ipv4Address.TryParse(text, out var ip));
        Assert.Equal(value, ip.Value);
        Assert.Equal(text, ip.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("203.0.113")]
    [InlineData("203.0.113.256")]
    [InlineData("203.0.113.10.1")]
    [InlineData("2001:db8::1")]
    [InlineData("203.0.113.-1")]
    [InlineData("a.b.c.d")]
    public void Rejects_what_is_not_a_dotted_quad(string text) => Assert.False(Ipv4Address.TryParse(text, out _));

    [Fact]
    public void Round_trips_through_IPAddress()
    {
        var ip = Ipv4Address.Parse("198.51.100.7");
        Assert.Equal(ip, Ipv4Address.FromIPAddress(ip.ToIPAddress()));
    }
}
