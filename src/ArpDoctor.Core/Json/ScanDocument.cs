using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Scanning;
using ArpDoctor.Core.Vendors;

namespace ArpDoctor.Core.Json;

/// <summary>
/// What <c>arpdoctor scan -o json</c> writes and <c>analyze</c> reads back, keys in this order:
/// <c>{"results":[{"vip","responders":[{"mac","vendor","replies"}],"verdict"}],"interface","probesSent","replies","elapsedSeconds","sendRate"}</c>.
/// The results come first: a reader recognises a scan by its opening <c>"results": [</c>.
/// </summary>
/// <param name="Replies">Replies heard over the whole scan.</param>
/// <param name="ElapsedSeconds">The whole scan, waits included, to the millisecond.</param>
/// <param name="SendRate">Probes per second achieved while sending, rounded to a whole number.</param>
public sealed record ScanDocument(
    IReadOnlyList<ScanResultJson> Results,
    string Interface,
    int ProbesSent,
    int Replies,
    double ElapsedSeconds,
    double SendRate)
{
    /// <summary>The document of one scan; <paramref name="vendors"/> names each responder's maker (null when unknown).</summary>
    public static ScanDocument From(ScanResult result, MacVendors vendors)
    {
        var results = new List<ScanResultJson>(result.Results.Count);
        foreach (var target in result.Results)
        {
            var responders = new ScanResponderJson[target.Responders.Count];
            for (int i = 0; i < responders.Length; i++)
            {
                var m = target.Responders[i];
                responders[i] = new ScanResponderJson(m.Mac, vendors.NameOf(m.Mac), m.Replies);
            }
            results.Add(new ScanResultJson(target.Vip, responders, target.Verdict));
        }
        return new ScanDocument(results, result.Interface, result.ProbesSent, result.Replies,
            Math.Round(result.Elapsed.TotalSeconds, 3), Math.Round(result.AchievedRate));
    }
}

/// <summary>Everything heard for one target.</summary>
/// <param name="Responders">The MACs that answered, the first to reply first.</param>
public sealed record ScanResultJson(Ipv4Address Vip, IReadOnlyList<ScanResponderJson> Responders, Verdict Verdict);

/// <summary>One MAC that answered for a target, with how many replies it sent.</summary>
public readonly record struct ScanResponderJson(MacAddress Mac, string? Vendor, int Replies);
