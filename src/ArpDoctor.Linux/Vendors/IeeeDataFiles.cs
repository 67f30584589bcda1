using ArpDoctor.Core.Vendors;

namespace ArpDoctor.Linux.Vendors;

/// <summary>
/// Loads the IEEE registry from Debian's <c>ieee-data</c> package (<c>/usr/share/ieee-data</c>, or the directory in
/// <c>ARPDOCTOR_IEEE_DATA</c>). Vendor names are a nicety: a missing directory, file or permission means fewer names, never an error.
/// </summary>
public static class IeeeDataFiles
{
    public const string DefaultDirectory = "/usr/share/ieee-data";
    public const string EnvironmentVariable = "ARPDOCTOR_IEEE_DATA";

    /// <summary>MA-L (24-bit), MA-M (28-bit), MA-S and IAB (36-bit) prefixes.</summary>
    public static readonly string[] FileNames = ["oui.csv", "mam.csv", "oui36.csv", "iab.csv"];

    /// <summary>The directory to read: <paramref name="environmentValue"/> when set, else <see cref="DefaultDirectory"/>.</summary>
    public static string DirectoryFrom(string? environmentValue) =>
        string.IsNullOrWhiteSpace(environmentValue) ? DefaultDirectory : environmentValue;

    /// <summary>Every registry file in <paramref name="directory"/> that can be read; <see cref="MacVendors.Empty"/> when none.</summary>
    public static MacVendors Load(string directory)
    {
        var texts = new List<string>(FileNames.Length);
        foreach (var name in FileNames)
        {
            try
            {
                texts.Add(File.ReadAllText(Path.Combine(directory, name)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Absent (ieee-data not installed, or an older one without mam.csv) or unreadable: no names from this file.
            }
        }
        return texts.Count == 0 ? MacVendors.Empty : MacVendors.FromCsv(texts);
    }
}
