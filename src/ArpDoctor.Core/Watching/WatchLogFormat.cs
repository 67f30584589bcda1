using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Watching;

/// <summary>
/// The watch log's line format: one JSON object per event,
/// <c>{"time","vip","event","mac","previousMac","responders"}</c>, plus <c>cause</c> on <c>winner-changed</c> and
/// <c>sinceWinnerChangeSeconds</c>/<c>reason</c> on <c>connection-dropped</c>. Pure: bytes in, bytes out.
/// </summary>
public static class WatchLogFormat
{
    // Characters JSON does not require escaping stay readable in the log (grep for a reason text finds it).
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The event as one line of UTF-8, ending in <c>\n</c>: write it with one call.</summary>
    public static byte[] ToLine(WatchEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("vip", e.Vip.ToString());
            json.WriteString("event", e.Kind.ToWord());
            WriteMac(json, "mac", e.Mac);
            WriteMac(json, "previousMac", e.PreviousMac);
            json.WriteStartArray("responders");
            foreach (var mac in e.Responders)
                json.WriteStringValue(mac.ToString());
            json.WriteEndArray();
            if (e.Cause is { } cause) json.WriteString("cause", cause.ToWord());
            if (e.Kind == WatchEventKind.ConnectionDropped)
            {
                if (e.SinceWinnerChange is { } since) json.WriteNumber("sinceWinnerChangeSeconds", Math.Round(since.TotalSeconds, 3));
                else json.WriteNull("sinceWinnerChangeSeconds");
            }
            if (e.Reason is { } reason) json.WriteString("reason", reason);
            json.WriteEndObject();
        }
        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }

    private static void WriteMac(Utf8JsonWriter json, string name, MacAddress? mac)
    {
        if (mac is { } m) json.WriteString(name, m.ToString());
        else json.WriteNull(name);
    }

    /// <summary>Parses one line; <c>false</c> with the reason on anything that is not a whole event
    /// (a line cut short by a crash, a line from something else).</summary>
    public static bool TryParse(string line, out WatchEvent? e, out string error)
    {
        e = null;
        error = "";
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Fail("not a JSON object", out error);
            if (!root.TryGetProperty("time", out var timeProp) || timeProp.ValueKind != JsonValueKind.String ||
                !DateTimeOffset.TryParse(timeProp.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                || !Evidence.DateStamps.Plausible(time))
                return Fail("no valid \"time\"", out error);
            if (!root.TryGetProperty("vip", out var vipProp) || !Ipv4Address.TryParse(vipProp.GetString(), out var vip))
                return Fail("no valid \"vip\"", out error);
            if (!root.TryGetProperty("event", out var kindProp) || !WatchEventNames.TryParseKind(kindProp.GetString(), out var kind))
                return Fail("no known \"event\"", out error);
            if (!TryMac(root, "mac", out var mac) || !TryMac(root, "previousMac", out var previous))
                return Fail("a MAC that does not parse", out error);
            var responders = new List<MacAddress>();
            if (root.TryGetProperty("responders", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (!MacAddress.TryParse(item.GetString(), out var r)) return Fail("a responder that does not parse", out error);
                    responders.Add(r);
                }
            }
            ChangeCause? cause = null;
            if (root.TryGetProperty("cause", out var causeProp))
            {
                if (!WatchEventNames.TryParseCause(causeProp.GetString(), out var c)) return Fail("unknown \"cause\"", out error);
                cause = c;
            }
            TimeSpan? since = null;
            if ((root.TryGetProperty("sinceWinnerChangeSeconds", out var sinceProp) || root.TryGetProperty("sinceMacChangeSeconds", out sinceProp)) // the older name
                && sinceProp.ValueKind == JsonValueKind.Number)
            {
                // A fuzzed 1e300 overflowed TimeSpan: a number of seconds beyond a century is not a real watch. A small negative
                // value is real: the change is stamped with the start of the round that saw it, the reset may come just before.
                var seconds = sinceProp.GetDouble();
                if (!double.IsFinite(seconds) || Math.Abs(seconds) > 3.2e9) return Fail("\"sinceWinnerChangeSeconds\" out of range", out error);
                since = TimeSpan.FromSeconds(seconds);
            }
            string? reason = root.TryGetProperty("reason", out var reasonProp) ? reasonProp.GetString() : null;
            e = new WatchEvent(time, vip, kind, mac, previous, responders, cause, since, reason);
            return true;
        }
        catch (JsonException ex)
        {
            return Fail($"not JSON ({ex.Message.Split('.')[0]})", out error);
        }
        catch (InvalidOperationException)
        {
            return Fail("a field of the wrong type", out error);
        }
    }

    private static bool TryMac(JsonElement root, string name, out MacAddress? mac)
    {
        mac = null;
        if (!root.TryGetProperty(name, out var prop) || prop.ValueKind == JsonValueKind.Null) return true;
        if (prop.ValueKind != JsonValueKind.String || !MacAddress.TryParse(prop.GetString(), out var m)) return false;
        mac = m;
        return true;
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }

    /// <summary>Reads a whole log: events in order, plus the 1-based numbers of lines that are not events.</summary>
    public static (IReadOnlyList<WatchEvent> Events, IReadOnlyList<int> BadLines) ParseLog(IEnumerable<string> lines)
    {
        var events = new List<WatchEvent>();
        var bad = new List<int>();
        int number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (TryParse(line, out var e, out _)) events.Add(e!);
            else bad.Add(number);
        }
        return (events, bad);
    }
}
