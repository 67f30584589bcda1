using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Vendors;
using ArpDoctor.Linux.Vendors;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Linux.Tests.Vendors;

public sealed class IeeeDataFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-ieee-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Loads_the_four_files_of_a_directory_laid_out_as_ieee_data()
    {
        // IeeeFixture: real records of ieee-data 20220827.1, one file each as /usr/share/ieee-data has them.
        var vendors = IeeeDataFiles.Load(IeeeFixture.Directory);
        Assert.Equal(IeeeFixture.Vendors.Count, vendors.Count);
        Assert.Equal("VMware", vendors.NameOf(MacAddress.Parse("00:50:56:ac:dc:88")));
        Assert.Equal("IOG Products", vendors.NameOf(MacAddress.Parse("20:85:93:b0:00:01")));   // mam.csv
        Assert.Equal("DEUTA-WERKE", vendors.NameOf(MacAddress.Parse("00:50:c2:7d:50:01")));    // iab.csv
    }

    [Fact]
    public void A_missing_directory_is_no_registry_and_no_error()
    {
        var vendors = IeeeDataFiles.Load(Path.Combine(_dir, "absent"));
        Assert.Same(MacVendors.Empty, vendors);
    }

    [Fact]
    public void A_missing_file_costs_only_its_names()
    {
        File.Copy(Path.Combine(IeeeFixture.Directory, "oui.csv"), Path.Combine(_dir, "oui.csv"));
        var vendors = IeeeDataFiles.Load(_dir);
        Assert.Equal("VMware", vendors.NameOf(MacAddress.Parse("00:50:56:ac:dc:88")));
        // Without mam.csv the MA-M block is named by its MA-L holder.
        Assert.Equal("IEEE Registration Authority", vendors.NameOf(MacAddress.Parse("20:85:93:b0:00:01")));
    }

    [Theory]
    [InlineData(null, "/usr/share/ieee-data")]
    [InlineData("", "/usr/share/ieee-data")]
    [InlineData("  ", "/usr/share/ieee-data")]
    [InlineData("/opt/ieee", "/opt/ieee")]
    public void The_environment_variable_names_another_directory(string? value, string expected) =>
        Assert.Equal(expected, IeeeDataFiles.DirectoryFrom(value));

    [SkippableFact]
    public void Reads_the_installed_registry_whole()
    {
        // Debian's ieee-data as installed (CI installs it: .ci/apt-packages). Counts change with every release, so the
        // checks are ones every release meets: tens of thousands of MA-L blocks, every file read without a skipped record,
        // and prefixes that have been assigned for decades.
        Requirements.Directory(IeeeDataFiles.DefaultDirectory, "ieee-data");
        var vendors = IeeeDataFiles.Load(IeeeDataFiles.DefaultDirectory);
        Assert.True(vendors.Count > 30_000, $"{vendors.Count} assignments");
        Assert.Equal(0, vendors.Skipped);
        Assert.Equal("VMware", vendors.NameOf(MacAddress.Parse("00:50:56:ac:dc:88")));
        Assert.Equal("Cisco Systems", vendors.NameOf(MacAddress.Parse("00:00:0c:07:ac:01")));
        Assert.Equal("IOG Products", vendors.NameOf(MacAddress.Parse("20:85:93:b0:00:01")));   // an MA-M block within an MA-L
    }
}
