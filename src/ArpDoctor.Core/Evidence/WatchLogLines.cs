using System.Globalization;
using System.Text.Json;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Evidence;

/// <summary>The events <c>arpdoctor watch</c> logs.</summary>
public enum WatchEventKind
{
    FirstSeen,
    MacChanged,
    Gratuitous,
    MultipleResponders,
    NoAnswer,
    Recovered,
    ConnectionDropped,
}

/// <summary>One line of the watch log: <c>{"time","vip","event","mac","previousMac","responders","cause"?}</c>.</summary>
public sealed record WatchEvent(
    DateTimeOffset Time,
    Ipv4Address Vip,
    WatchEventKind Kind,
    MacAddress? Mac,
    MacAddress? PreviousMac,
    IReadOnlyList<MacAddress> Responders,
    string? Cause);

/// <summary>Parses one watch-log line. Pure; the error says which field is wrong.</summary>
public static class WatchLogLines
{
    public const int MaxResponders = 256;

    /// <summary>True when the line looks like a watch-log object (for recognising the input).</summary>
    public static bool LooksLikeWatchLine(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        return line.StartsWith('{') && line.Contains("\"event\"", StringComparison.Ordinal) && line.Contains("\"vip\"", StringComparison.Ordinal);
    }

    public static bool TryParse(string line, out WatchEvent? evt, out string? error)
    {
        evt = null;
        error = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            error = $"not a JSON object ({FirstSentence(e.Message)})";
            return false;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = "not a JSON object"; return false; }
            if (!TryString(root, "time", out var timeText) ||
                !DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            { error = "\"time\" missing or not an ISO 8601 time"; return false; }
            if (!TryString(root, "vip", out var vipText) || !Ipv4Address.TryParse(vipText, out var vip))
            { error = "\"vip\" missing or not an IPv4 address"; return false; }
            if (!TryString(root, "event", out var kindText) || KindOf(kindText) is not { } kind)
            { error = "\"event\" missing or not one of first-seen, mac-changed, gratuitous, multiple-responders, no-answer, recovered, connection-dropped"; return false; }
            if (!TryMac(root, "mac", out var mac)) { error = "\"mac\" is not a MAC address"; return false; }
            if (!TryMac(root, "previousMac", out var previous)) { error = "\"previousMac\" is not a MAC address"; return false; }
            var responders = new List<MacAddress>();
            if (root.TryGetProperty("responders", out var r) && r.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in r.EnumerateArray())
                {
                    if (responders.Count == MaxResponders) break;
                    var text = item.ValueKind switch
                    {
                        JsonValueKind.String => item.GetString(),
                        JsonValueKind.Object when item.TryGetProperty("mac", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
                        _ => null,
                    };
                    if (text is null || !MacAddress.TryParse(text, out var rm)) { error = "\"responders\" holds something that is not a MAC address"; return false; }
                    if (!responders.Contains(rm)) responders.Add(rm);
                }
            }
            string? cause = root.TryGetProperty("cause", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            evt = new WatchEvent(time, vip, kind, mac, previous, responders, cause);
            return true;
        }
    }

    public static WatchEventKind? KindOf(string? text) => text switch
    {
        "first-seen" => WatchEventKind.FirstSeen,
        "mac-changed" => WatchEventKind.MacChanged,
        "gratuitous" => WatchEventKind.Gratuitous,
        "multiple-responders" => WatchEventKind.MultipleResponders,
        "no-answer" => WatchEventKind.NoAnswer,
        "recovered" => WatchEventKind.Recovered,
        "connection-dropped" => WatchEventKind.ConnectionDropped,
        _ => null,
    };

    private static bool TryString(JsonElement root, string name, out string? value)
    {
        value = root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return value is not null;
    }

    /// <summary>Absent or null is fine (<paramref name="mac"/> null); present and unreadable is not.</summary>
    private static bool TryMac(JsonElement root, string name, out MacAddress? mac)
    {
        mac = null;
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return true;
        if (e.ValueKind != JsonValueKind.String || !MacAddress.TryParse(e.GetString(), out var m)) return false;
        mac = m;
        return true;
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf('.');
        return dot > 0 ? message[..dot] : message;
    }
}
