using System.Text.Json;
using ArpDoctor.Core.Json;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Doctoring;

/// <summary>
/// What a probe run elsewhere (a probe Pod on a node) heard, read back from its <c>arpdoctor scan -o json</c> document:
/// one round, the first responder of each target its winner.
/// </summary>
public static class ScanHearing
{
    /// <summary>
    /// The scan command a probe Pod runs: one broadcast request per address on <paramref name="nodeInterface"/>, every
    /// silent target still listed (<c>--allow-silent</c>), the document on stdout.
    /// </summary>
    public static IReadOnlyList<string> Command(string nodeInterface, IReadOnlyList<Ipv4Address> targets, TimeSpan wait) =>
        ["arpdoctor", "scan", "-i", nodeInterface, "--allow-silent", "-w", $"{(long)wait.TotalMilliseconds}ms", "-o", "json",
            .. targets.Distinct().Select(t => t.ToString())];

    /// <summary>
    /// The hearing in a probe's log (stdout and stderr together, as a container's log is): the scan document, which
    /// opens with <c>{</c> on a line of its own; <c>null</c> with the reason when the log holds none.
    /// </summary>
    public static (Hearing? Hearing, string? Error) Read(string log)
    {
        var lines = log.Split('\n');
        int start = Array.FindIndex(lines, l => l.TrimEnd('\r') == "{");
        if (start < 0) return (null, $"the probe wrote no scan document: {LastLine(log)}");
        int end = Array.FindLastIndex(lines, l => l.TrimEnd('\r') == "}");
        if (end < start) return (null, $"the probe's scan document is cut short: {LastLine(log)}");
        ScanDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(string.Join('\n', lines[start..(end + 1)]), ArpDoctorJsonContext.Default.ScanDocument);
        }
        catch (JsonException e)
        {
            return (null, $"the probe's scan document does not read: {e.Message}");
        }
        if (doc is null) return (null, "the probe's scan document is empty");
        var answers = doc.Results.ToDictionary(r => r.Vip,
            r => (IReadOnlyList<HeardFrom>)r.Responders.Select((m, i) => new HeardFrom(m.Mac, m.Replies, i == 0 ? 1 : 0)).ToList());
        return (new Hearing(doc.Interface, 1, answers), null);
    }

    /// <summary>
    /// The hearings of probes run from several hosts of one segment, as one: every MAC any of them heard, its replies and
    /// wins added up. A host does not hear its own answers on the wire (its kernel answers nobody for a request it sent
    /// itself), so a probe from one node misses that node; a second node's probe hears it.
    /// </summary>
    public static Hearing Merge(IReadOnlyList<Hearing> hearings)
    {
        var answers = new Dictionary<Ipv4Address, Dictionary<MacAddress, (int Replies, int Wins)>>();
        foreach (var h in hearings)
            foreach (var (ip, heard) in h.Answers)
            {
                var tally = answers.TryGetValue(ip, out var t) ? t : answers[ip] = [];
                foreach (var m in heard)
                {
                    var (replies, wins) = tally.GetValueOrDefault(m.Mac);
                    tally[m.Mac] = (replies + m.Replies, wins + m.Wins);
                }
            }
        return new Hearing(hearings[0].Interface, hearings.Sum(h => h.Rounds), answers.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyList<HeardFrom>)kv.Value.OrderByDescending(x => x.Value.Wins).ThenBy(x => x.Key).Select(x => new HeardFrom(x.Key, x.Value.Replies, x.Value.Wins)).ToList()));
    }

    /// <summary>The log's last non-empty line (where a failing command says why), or "(empty log)".</summary>
    public static string LastLine(string log) =>
        log.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "(empty log)";
}
