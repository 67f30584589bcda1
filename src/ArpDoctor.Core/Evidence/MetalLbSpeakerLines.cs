using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// MetalLB's speaker log (go-kit JSON, one object a line; speaker/main.go) and its Service Events, as pasted:
/// <c>{"caller":"main.go:229","event":"serviceAnnounced","ip":"192.168.1.130","msg":"service has IP, announcing","pool":"default","protocol":"layer2","service":"default/nginx","ts":"2019-05-26T14:45:26.805510675Z"}</c>
/// (MetalLB up to 0.10: <c>"ip"</c>; from 0.11, dual-stack: <c>"ips":["..."]</c> and <c>"level"</c>),
/// <c>{"event":"serviceWithdrawn","ip":["..."],"reason":"...","msg":"withdrawing service announcement",...}</c>
/// (<c>"ip":null</c> when the service is gone), optionally after a <c>kubectl logs --prefix</c> (<c>[pod/speaker-x/speaker]</c>)
/// or <c>stern</c> (<c>speaker-x speaker</c>) prefix naming the pod; and the Events <c>kubectl describe service</c> shows:
/// <c>Normal  nodeAssigned  4s  metallb-speaker  announcing from node "node-2" with protocol "layer2"</c>,
/// <c>Normal  IPAllocated  ...  Assigned IP ["192.168.1.240"]</c>. The JSON lines say what the speaker that wrote them
/// did; which node that is, its pod (or the log it came from) says. The debug line
/// <c>{"caller":"arp.go:102",...,"ip":"10.0.6.161","msg":"got ARP request for service IP, sending response","responseMAC":"00:50:56:8a:d3:04",...}</c>
/// is this speaker's reply, with its MAC. BGP announcements are not layer 2 claims and are skipped.
/// </summary>
public static partial class MetalLbSpeakerLines
{
    public const string Announcer = "metallb";

    [GeneratedRegex(@"\bnodeAssigned\b.*\bannouncing from node ""(?<node>[^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex NodeAssigned();

    [GeneratedRegex(@"\bIPAllocated\b.*\bAssigned IP (?<ips>\[[^\]]*\]|""[^""]*"")", RegexOptions.CultureInvariant)]
    private static partial Regex IpAllocated();

    // kubectl logs --prefix: "[pod/speaker-x/speaker] "; stern: "speaker-x speaker "; grep -R over a must-gather: "pods/speaker-x/speaker.log:".
    [GeneratedRegex(@"^\s*(?:\[(?:pod/)?(?<pod>[a-z0-9][a-z0-9.-]*)(?:/[\w.-]+)?\]|(?:[\w.-]+/)*(?<pod>[a-z0-9][a-z0-9.-]*)/[\w.-]+\.log:|(?<pod>[a-z0-9][a-z0-9.-]*)(?: [\w.-]+)?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\d{1,3}(?:\.\d{1,3}){3}", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    // Read with a pattern, not as JSON: the line is the same in every version, and pastes of it are seen with broken quoting.
    [GeneratedRegex(@"""msg"":""got ARP request for service IP, sending response"".*?""responseMAC"":""(?<mac>[^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex Answer();

    [GeneratedRegex(@"""ip"":""(?<ip>\d{1,3}(?:\.\d{1,3}){3})""", RegexOptions.CultureInvariant)]
    private static partial Regex AnswerIp();

    [GeneratedRegex(@"""ts"":""(?<ts>[^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex AnswerTime();

    /// <summary>
    /// What a line says; false for every other line (other events, other programs, prose). <paramref name="problem"/> is
    /// set (and the result false) for an answer line whose MAC cannot be read (redacted or mistyped).
    /// </summary>
    public static bool TryParse(string line, out AnnouncerLogLine result, out string? problem)
    {
        result = default;
        problem = null;
        int brace = line.IndexOf('{');
        if (brace < 0)
        {
            if (NodeAssigned().Match(line) is { Success: true } na)
            {
                result = new AnnouncerLogLine(null, Announcer, AnnouncerEvent.Claimed, [], Node: na.Groups["node"].Value);
                return true;
            }
            if (IpAllocated().Match(line) is { Success: true } ia)
            {
                result = new AnnouncerLogLine(null, Announcer, AnnouncerEvent.Allocated, Addresses(ia.Groups["ips"].Value));
                return true;
            }
            return false;
        }
        if (Answer().Match(line, brace) is { Success: true } answer)
        {
            if (AnswerIp().Match(line, brace) is not { Success: true } ipMatch || !Ipv4Address.TryParse(ipMatch.Groups["ip"].Value, out var asked)) return false;
            if (!MacAddress.TryParse(answer.Groups["mac"].Value, out var responder))
            {
                problem = RedactedMacs.TryFind(answer.Groups["mac"].Value, out var placeholder) ? RedactedMacs.Problem(placeholder)
                    : $"'{answer.Groups["mac"].Value}' is not a MAC address (six hexadecimal groups)";
                return false;
            }
            DateTimeOffset? when = AnswerTime().Match(line, brace) is { Success: true } t && TryTime(t.Groups["ts"].Value, out var answeredAt) ? answeredAt : null;
            result = new AnnouncerLogLine(when, Announcer, AnnouncerEvent.Answered, [asked], Pod: PodOf(line, brace), Mac: responder);
            return true;
        }
        // Cheap test first: most lines of a speaker log are other events.
        var json = line.AsSpan(brace);
        bool announced = json.Contains("\"serviceAnnounced\"", StringComparison.Ordinal);
        if (!announced && !json.Contains("\"serviceWithdrawn\"", StringComparison.Ordinal)) return false;
        if (brace > 0 && !Prefix().IsMatch(line[..brace])) return false;
        var pod = PodOf(line, brace);
        try
        {
            using var doc = JsonDocument.Parse(line[brace..]);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            var evt = Text(root, "event");
            if (evt is not ("serviceAnnounced" or "serviceWithdrawn")) return false;
            // A BGP advertisement is not a layer 2 claim.
            if (Text(root, "protocol") is { } protocol && protocol != "layer2") return false;
            var vips = new List<Ipv4Address>();
            foreach (var key in (ReadOnlySpan<string>)["ips", "ip"])
            {
                if (!root.TryGetProperty(key, out var value)) continue;
                if (value.ValueKind == JsonValueKind.String && Ipv4Address.TryParse(value.GetString(), out var one)) vips.Add(one);
                else if (value.ValueKind == JsonValueKind.Array)
                    foreach (var item in value.EnumerateArray())
                        if (item.ValueKind == JsonValueKind.String && Ipv4Address.TryParse(item.GetString(), out var ip)) vips.Add(ip);
            }
            DateTimeOffset? time = Text(root, "ts") is { } ts && TryTime(ts, out var at) ? at : null;
            result = new AnnouncerLogLine(time, Announcer, announced ? AnnouncerEvent.Claimed : AnnouncerEvent.Released, vips,
                Node: Text(root, "node"), Pod: pod, Service: Text(root, "service"));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? PodOf(string line, int brace) =>
        brace > 0 && Prefix().Match(line[..brace]) is { Success: true } p ? p.Groups["pod"].Value : null;

    private static bool TryTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
        && DateStamps.Plausible(time);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<Ipv4Address> Addresses(string text)
    {
        var list = new List<Ipv4Address>();
        foreach (Match m in Address().Matches(text))
            if (Ipv4Address.TryParse(m.Value, out var ip)) list.Add(ip);
        return list;
    }
}
