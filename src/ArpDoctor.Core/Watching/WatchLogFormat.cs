using ArpDoctor.Core.History;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Watching;

/// <summary>
/// The watch log's line format: one JSON object per event,
/// <c>{"time","vip","event","mac","previousMac","responders"}</c>, plus <c>cause</c> on <c>winner-changed</c> and
/// <c>sinceWinnerChangeSeconds</c>/<c>reason</c> on <c>connection-dropped</c>; and round records (<see cref="RoundRun"/>),
/// <c>{"time","vip","event":"rounds","responders","count","until"}</c>, from which analyze replays the rounds.
/// Pure: bytes in, bytes out.
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
            json.WriteString("time", Stamp(e.Time));
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

    /// <summary>The round record as one line of UTF-8, ending in <c>\n</c>.</summary>
    public static byte[] ToLine(RoundRun run)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", Stamp(run.Time));
            json.WriteString("vip", run.Vip.ToString());
            json.WriteString("event", RoundsWord);
            json.WriteStartArray("responders");
            foreach (var mac in run.Responders)
                json.WriteStringValue(mac.ToString());
            json.WriteEndArray();
            json.WriteNumber("count", run.Count);
            json.WriteString("until", Stamp(run.Until));
            json.WriteEndObject();
        }
        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The <c>event</c> word of a round record.</summary>
    public const string RoundsWord = "rounds";

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteMac(Utf8JsonWriter json, string name, MacAddress? mac)
    {
        if (mac is { } m) json.WriteString(name, m.ToString());
        else json.WriteNull(name);
    }

    /// <summary>Parses one event line; <c>false</c> with the reason on anything that is not a whole event
    /// (a round record, a line cut short by a crash, a line from something else).</summary>
    public static bool TryParse(string line, out WatchEvent? e, out string error)
    {
        if (!TryParseRecord(line, out var record, out error)) 
        {
            e = null;
            return false;
        }
        e = record.Event;
        if (e is null) error = "a round record, not an event";
        return e is not null;
    }

    /// <summary>Parses one line of the log, an event or a round record; <c>false</c> with the reason on anything else
    /// (a line cut short by a crash, a line from something else).</summary>
    public static bool TryParseRecord(string line, out WatchLogRecord record, out string error)
    {
        record = default;
        WatchEvent? e = null;
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
            if (!root.TryGetProperty("event", out var kindProp)) return Fail("no known \"event\"", out error);
            if (kindProp.ValueKind == JsonValueKind.String && kindProp.GetString() == RoundsWord)
                return TryRounds(root, time, vip, out record, out error);
            if (!WatchEventNames.TryParseKind(kindProp.GetString(), out var kind))
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
            record = new WatchLogRecord(e, null);
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

    private static bool TryRounds(JsonElement root, DateTimeOffset time, Ipv4Address vip, out WatchLogRecord record, out string error)
    {
        record = default;
        var responders = new List<MacAddress>();
        if (!root.TryGetProperty("responders", out var list) || list.ValueKind != JsonValueKind.Array)
            return Fail("a round record without \"responders\"", out error);
        foreach (var item in list.EnumerateArray())
        {
            if (!MacAddress.TryParse(item.GetString(), out var r)) return Fail("a responder that does not parse", out error);
            responders.Add(r);
        }
        // A count beyond a year of rounds ten a second is not a real watch (and would make a replay run for ever).
        if (!root.TryGetProperty("count", out var countProp) || countProp.ValueKind != JsonValueKind.Number || !countProp.TryGetInt64(out long count) || count < 1 || count > 400_000_000)
            return Fail("a round record without a valid \"count\"", out error);
        if (!root.TryGetProperty("until", out var untilProp) || untilProp.ValueKind != JsonValueKind.String ||
            !DateTimeOffset.TryParse(untilProp.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until)
            || until < time || !Evidence.DateStamps.Plausible(until))
            return Fail("a round record without a valid \"until\"", out error);
        record = new WatchLogRecord(null, new RoundRun(time, until, vip, responders, count));
        error = "";
        return true;
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

    /// <summary>Reads a whole log: events in order (round records skipped), plus the 1-based numbers of lines that are neither.</summary>
    public static (IReadOnlyList<WatchEvent> Events, IReadOnlyList<int> BadLines) ParseLog(IEnumerable<string> lines)
    {
        var events = new List<WatchEvent>();
        var bad = new List<int>();
        int number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!TryParseRecord(line, out var record, out _)) bad.Add(number);
            else if (record.Event is { } e) events.Add(e);
        }
        return (events, bad);
    }
}

/// <summary>One line of the watch log: an event or a round record.</summary>
public readonly record struct WatchLogRecord(WatchEvent? Event, RoundRun? Rounds);

/// <summary>
/// <paramref name="Count"/> rounds in a row of one VIP, each answered by <paramref name="Responders"/> in this order (none:
/// nobody answered), the first at <paramref name="Time"/> and the last at <paramref name="Until"/>.
/// </summary>
public sealed record RoundRun(DateTimeOffset Time, DateTimeOffset Until, Ipv4Address Vip, IReadOnlyList<MacAddress> Responders, long Count);
