using ArpDoctor.Core.Vendors;
using Xunit;

namespace ArpDoctor.Core.Tests.Vendors;

public class VendorNamesTests
{
    [Theory]
    // Organisation names as oui.csv writes them (ieee-data 20220827.1), and their short form.
    [InlineData("VMware, Inc.", "VMware")]
    [InlineData("Cisco Systems, Inc", "Cisco Systems")]
    [InlineData("Super Micro Computer, Inc.", "Super Micro Computer")]
    [InlineData("Intel Corporate", "Intel")]
    [InlineData("Dell Inc.", "Dell")]
    [InlineData("REALTEK SEMICONDUCTOR CORP.", "REALTEK SEMICONDUCTOR")]
    [InlineData("HUAWEI TECHNOLOGIES CO.,LTD", "HUAWEI TECHNOLOGIES")]
    [InlineData("Aruba, a Hewlett Packard Enterprise Company", "Aruba")]
    [InlineData("Telink Semiconductor (Shanghai) Co., Ltd.", "Telink Semiconductor (Shanghai)")]
    [InlineData("PCS Systemtechnik GmbH", "PCS Systemtechnik")]
    [InlineData("IEEE Registration Authority", "IEEE Registration Authority")]
    [InlineData("Raspberry Pi Foundation", "Raspberry Pi Foundation")]
    [InlineData("JSC \"MASSA-K\"", "JSC \"MASSA-K\"")]
    [InlineData("Private", "Private")]
    // Made up, for the edges: a name that is only a legal form stays whole; "&" before a form goes with it.
    [InlineData("Company", "Company")]
    [InlineData("Müller GmbH & Co. KG", "Müller")]
    [InlineData(", Inc.", ", Inc.")]
    public void Keeps_the_name_and_drops_the_legal_form(string organization, string expected) =>
        Assert.Equal(expected, VendorNames.Short(organization));

    [Fact]
    public void A_name_is_one_line_without_control_characters()
    {
        Assert.Equal("Acme Widgets", VendorNames.Short("  Acme\n\t Widgets\u001b Ltd "));
    }
}
