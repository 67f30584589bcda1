using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Vendors;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Core.Tests.Vendors;

/// <summary>Lookups over <see cref="IeeeFixture"/> (real records of ieee-data 20220827.1).</summary>
public class MacVendorsTests
{
    private static readonly MacVendors Vendors = IeeeFixture.Vendors;

    [Fact]
    public void Holds_every_assignment_of_the_four_files()
    {
        Assert.Equal(16 + 2 + 2 + 2, Vendors.Count);
        Assert.Equal(0, Vendors.Skipped);
    }

    [Theory]
    [InlineData("00:50:56:ac:dc:88", "VMware")]
    [InlineData("00-0C-29-12-34-56", "VMware")]
    [InlineData("d8:9e:f3:00:00:01", "Dell")]
    // The longest prefix wins: these blocks' first 24 bits are "IEEE Registration Authority".
    [InlineData("20:85:93:b1:23:45", "IOG Products")]             // MA-M 208593B
    [InlineData("70:b3:d5:f2:f0:01", "TELEPLATFORMS")]            // MA-S 70B3D5F2F
    [InlineData("00:50:c2:7d:5f:ff", "DEUTA-WERKE")]              // IAB 0050C27D5
    [InlineData("70:b3:d5:f3:00:01", "IEEE Registration Authority")]   // 70B3D5F30 is not in the fixture: the MA-L holder
    [InlineData("20:85:93:c0:00:00", "IEEE Registration Authority")]   // next to 208593B, not in it
    public void Names_the_holder_of_the_longest_matching_prefix(string mac, string vendor) =>
        Assert.Equal(vendor, Vendors.NameOf(MacAddress.Parse(mac)));

    [Theory]
    [InlineData("00:50:57:00:00:01")]   // one above VMware's block, not in the fixture
    [InlineData("74:1a:e0:00:00:00")]   // 741AE0 (its MA-M 741AE09 is) not in the fixture
    public void An_unlisted_prefix_has_no_name(string mac)
    {
        Assert.Null(Vendors.NameOf(MacAddress.Parse(mac)));
        Assert.Equal(mac, Vendors.Describe(MacAddress.Parse(mac)));
    }

    [Fact]
    public void The_organisation_is_kept_as_registered()
    {
        Assert.Equal("VMware, Inc.", Vendors.OrganizationOf(MacAddress.Parse("00:50:56:00:00:01")));
    }

    [Theory]
    // 0x02 set: veth, containers, bridges, random MACs. 0x52 and 0x06 as well; 0x50 is not.
    [InlineData("02:42:ac:11:00:02")]
    [InlineData("52:54:00:12:34:56")]
    [InlineData("06:50:56:ac:dc:88")]   // VMware's OUI with the local bit set is not VMware's
    public void A_locally_administered_MAC_has_no_vendor_and_is_labelled_local(string text)
    {
        var mac = MacAddress.Parse(text);
        Assert.True(mac.IsLocallyAdministered);
        Assert.Null(Vendors.NameOf(mac));
        Assert.Equal("local", Vendors.Label(mac));
        Assert.Equal($"{text} (local)", Vendors.Describe(mac));
        Assert.Equal("local", MacVendors.Empty.Label(mac));   // the bit says it, with or without a registry
    }

    [Theory]
    [InlineData("01:00:5e:00:00:01")]
    [InlineData("ff:ff:ff:ff:ff:ff")]
    [InlineData("01:50:56:ac:dc:88")]
    public void A_multicast_MAC_has_neither_vendor_nor_label(string text)
    {
        var mac = MacAddress.Parse(text);
        Assert.True(mac.IsMulticast);
        Assert.Null(Vendors.Label(mac));
        Assert.Equal(text, Vendors.Describe(mac));
    }

    [Fact]
    public void Describe_writes_the_vendor_beside_the_MAC()
    {
        Assert.Equal("00:50:56:ac:dc:88 (VMware)", Vendors.Describe(MacAddress.Parse("00:50:56:ac:dc:88")));
        Assert.Equal("00:50:56:ac:dc:88", MacVendors.Empty.Describe(MacAddress.Parse("00:50:56:ac:dc:88")));
    }

    [Fact]
    public void A_prefix_listed_twice_keeps_the_first_name()
    {
        var vendors = MacVendors.FromCsv("MA-L,005056,First Ltd,a\n", "MA-L,005056,Second Ltd,b\n");
        Assert.Equal(1, vendors.Count);
        Assert.Equal("First", vendors.NameOf(MacAddress.Parse("00:50:56:00:00:00")));
    }
}
