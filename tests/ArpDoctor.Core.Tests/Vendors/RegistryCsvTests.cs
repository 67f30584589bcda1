using ArpDoctor.Core.Vendors;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Core.Tests.Vendors;

/// <summary>The registry's CSV as Debian's ieee-data ships it (fixture: <see cref="IeeeFixture"/>, real records of ieee-data 20220827.1).</summary>
public class RegistryCsvTests
{
    [Fact]
    public void Reads_every_record_of_the_real_files_with_its_prefix_length()
    {
        var oui = RegistryCsv.Parse(IeeeFixture.Text("oui.csv"), out var skipped);
        Assert.Equal(0, skipped);
        Assert.Equal(16, oui.Count);
        Assert.All(oui, a => Assert.Equal(24, a.Bits));
        Assert.Equal(new VendorAssignment(0x005056, 24, "VMware, Inc."), oui[0]);
        Assert.Equal([new VendorAssignment(0x208593B, 28, "IOG Products LLC"), new VendorAssignment(0x741AE09, 28, "Private")],
            RegistryCsv.Parse(IeeeFixture.Text("mam.csv"), out _));
        Assert.Equal(new VendorAssignment(0x70B3D5F2F, 36, "TELEPLATFORMS"), RegistryCsv.Parse(IeeeFixture.Text("oui36.csv"), out _)[0]);
        Assert.Equal(new VendorAssignment(0x0050C27D5, 36, "DEUTA-WERKE GmbH"), RegistryCsv.Parse(IeeeFixture.Text("iab.csv"), out _)[0]);
    }

    [Fact]
    public void A_quoted_address_over_several_lines_is_one_record_and_the_next_record_follows()
    {
        var oui = RegistryCsv.Parse(IeeeFixture.Text("oui.csv"), out _);
        int i = oui.FindIndex(a => a.Prefix == 0x3CB07E);
        Assert.Equal("Arounds Intelligent Equipment Co., Ltd.", oui[i].Organization);
        Assert.Equal(new VendorAssignment(0xC419D1, 24, "Telink Semiconductor (Shanghai) Co., Ltd."), oui[i + 1]);
    }

    [Fact]
    public void Doubled_quotes_are_one_quote()
    {
        var iab = RegistryCsv.Parse(IeeeFixture.Text("iab.csv"), out _);
        Assert.Equal("Joint Stock Company \"Svyaz Inginiring M\"", iab[1].Organization);
        Assert.Contains(RegistryCsv.Parse(IeeeFixture.Text("oui.csv"), out _), a => a.Organization == "JSC \"MASSA-K\"");
    }

    [Theory]
    // Written here, not copied: what a changed or damaged file might hold.
    [InlineData("MA-L,00505,Short,addr\n")]              // 5 hex digits: no registry block has that length
    [InlineData("MA-L,00505G,Not hex,addr\n")]
    [InlineData("MA-L,005056,,addr\n")]                  // no name
    [InlineData("MA-L,005056\n")]                        // cut short
    public void A_record_without_a_usable_assignment_is_skipped_and_counted(string record)
    {
        var text = "Registry,Assignment,Organization Name,Organization Address\r\n" + record + "MA-L,000C29,\"VMware, Inc.\",x\n";
        var parsed = RegistryCsv.Parse(text, out var skipped);
        Assert.Equal(1, skipped);
        Assert.Equal([new VendorAssignment(0x000C29, 24, "VMware, Inc.")], parsed);
    }

    [Fact]
    public void LF_endings_a_byte_order_mark_blank_lines_and_no_final_line_end_read_the_same()
    {
        var crlf = IeeeFixture.Text("oui.csv");
        var lf = "\uFEFF" + crlf.Replace("\r\n", "\n\n", StringComparison.Ordinal).TrimEnd('\n');
        Assert.Equal(RegistryCsv.Parse(crlf, out _), RegistryCsv.Parse(lf, out var skipped));
        Assert.Equal(0, skipped);
    }
}
