using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Vendors;

/// <summary>
/// Who a MAC's prefix is assigned to, from the IEEE registry (MA-L 24-bit, MA-M 28-bit, MA-S and IAB 36-bit prefixes; the
/// longest prefix that matches wins, so a block the IEEE subdivided names its holder, not "IEEE Registration Authority").
/// Locally administered addresses (bit 0x02 of the first octet: veth, containers, bridges, random MACs) and multicast ones
/// have no registered holder, whatever the registry says. Pure: the adapter hands in the files' text.
/// </summary>
public sealed class MacVendors
{
    /// <summary>What text output writes beside a locally administered MAC.</summary>
    public const string LocalLabel = "local";

    private readonly Dictionary<ulong, string>[] _byLength;   // 36, 28 and 24 bits: the order lookups try them in

    private static readonly int[] Lengths = [36, 28, 24];

    private MacVendors(Dictionary<ulong, string>[] byLength, int skipped)
    {
        _byLength = byLength;
        Skipped = skipped;
    }

    /// <summary>No registry: no MAC has a name (local ones are still <see cref="LocalLabel"/>).</summary>
    public static MacVendors Empty { get; } = new([[], [], []], 0);

    /// <summary>Assignments held.</summary>
    public int Count => _byLength.Sum(d => d.Count);

    /// <summary>Records of the registry text that held no usable assignment.</summary>
    public int Skipped { get; }

    /// <summary>A lookup over the text of one or more registry CSV files (see <see cref="RegistryCsv"/>); a prefix listed twice keeps its first name.</summary>
    public static MacVendors FromCsv(params IEnumerable<string> registryTexts)
    {
        Dictionary<ulong, string>[] byLength = [[], [], []];
        int skipped = 0;
        foreach (var text in registryTexts)
        {
            var assignments = RegistryCsv.Parse(text, out var s);
            skipped += s;
            foreach (var a in assignments)
                byLength[Array.IndexOf(Lengths, a.Bits)].TryAdd(a.Prefix, a.Organization);
        }
        return new MacVendors(byLength, skipped);
    }

    /// <summary>The registry's organisation name for <paramref name="mac"/> as written there; <c>null</c> when none applies.</summary>
    public string? OrganizationOf(MacAddress mac)
    {
        if (mac.IsMulticast || mac.IsLocallyAdministered) return null;
        for (int i = 0; i < Lengths.Length; i++)
            if (_byLength[i].TryGetValue(mac.Value >> (48 - Lengths[i]), out var organization))
                return organization;
        return null;
    }

    /// <summary>The short name (<see cref="VendorNames.Short"/>) of the holder, the JSON <c>vendor</c>; <c>null</c> when none applies.</summary>
    public string? NameOf(MacAddress mac) => OrganizationOf(mac) is { } o ? VendorNames.Short(o) : null;

    /// <summary>What text output writes in parentheses beside the MAC: the vendor, <see cref="LocalLabel"/>, or nothing.</summary>
    public string? Label(MacAddress mac) =>
        mac.IsMulticast ? null : mac.IsLocallyAdministered ? LocalLabel : NameOf(mac);

    /// <summary><c>00:50:56:ac:dc:88 (VMware)</c>, <c>02:42:ac:11:00:02 (local)</c>, or the MAC alone.</summary>
    public string Describe(MacAddress mac) => Label(mac) is { } label ? $"{mac} ({label})" : mac.ToString();
}
