using ArpDoctor.Core.Vendors;

namespace ArpDoctor.TestKit;

/// <summary>
/// A small IEEE registry for tests, so that no test depends on the machine's ieee-data: real records of Debian's
/// <c>ieee-data</c> 20220827.1 (<c>/usr/share/ieee-data/oui.csv</c>, <c>mam.csv</c>, <c>oui36.csv</c>, <c>iab.csv</c>), copied
/// byte for byte with each file's header. They include a name with doubled quotes (<c>JSC ""MASSA-K""</c>), an address
/// over five lines (<c>3CB07E</c>), the parents "IEEE Registration Authority" of the MA-M, MA-S and IAB blocks listed,
/// and a "Private" MA-M block.
/// </summary>
public static class IeeeFixture
{
    /// <summary>The fixture's directory, laid out as <c>/usr/share/ieee-data</c> is.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "IeeeData");

    public static readonly string[] Files = ["oui.csv", "mam.csv", "oui36.csv", "iab.csv"];

    public static string Text(string file) => File.ReadAllText(Path.Combine(Directory, file));

    /// <summary>The lookup over all four files.</summary>
    public static MacVendors Vendors { get; } = MacVendors.FromCsv(Files.Select(Text));
}
