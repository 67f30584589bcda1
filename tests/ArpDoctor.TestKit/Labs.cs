using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Lab;
using ArpDoctor.Linux.Processes;

namespace ArpDoctor.TestKit;

/// <summary>
/// Test networks with names no other test run uses: <c>adt{pid}n{k}-...</c>. Namespaces left behind by a
/// test run that was killed (its pid no longer alive) are removed before the first new lab is made.
/// </summary>
public static class Labs
{
    private const string TestPrefix = "adt";
    private static int _counter;
    private static readonly Lazy<bool> Swept = new(SweepStale);

    /// <summary>Makes a lab after <see cref="Requirements.Lab"/>; dispose it (with <c>using</c>) to remove it.</summary>
    public static LabNetwork Create(int nodes, LabMode mode, int vips = 1, int speakerNode = 1)
    {
        Requirements.Lab();
        _ = Swept.Value;
        var prefix = $"{TestPrefix}{Environment.ProcessId}n{Interlocked.Increment(ref _counter)}";
        return LabNetwork.Create(new LabPlan(prefix, nodes, LabPlan.DefaultVips(vips)), mode, speakerNode);
    }

    public static Ipv4Address FirstVip(this LabNetwork lab) => lab.Plan.Vips[0];

    private static bool SweepStale()
    {
        foreach (var ns in LabNetwork.ListNamespaces())
        {
            if (!ns.StartsWith(TestPrefix, StringComparison.Ordinal)) continue;
            var digits = new string(ns.Skip(TestPrefix.Length).TakeWhile(char.IsAsciiDigit).ToArray());
            if (!int.TryParse(digits, out var pid) || pid == Environment.ProcessId) continue;
            if (Directory.Exists($"/proc/{pid}")) continue; // another live test run owns it
            CommandRunner.Run("ip", ["netns", "del", ns]);
        }
        return true;
    }
}
