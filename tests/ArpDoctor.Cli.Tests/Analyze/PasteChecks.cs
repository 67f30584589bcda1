using System.Globalization;
using System.Text.Json;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>What one run of <c>arpdoctor analyze FILE -o json</c> gave: its exit code, its JSON (null when it failed) and its stderr.</summary>
internal sealed record PasteRun(int Exit, JsonElement? Json, string Err);

/// <summary>
/// The <c># check:</c> lines of a real paste: the paste's <c># expect:</c> in a form a test can hold analyze to. Each line
/// is one word and its arguments; every check says one thing the expectation says, and nothing looser. A VIP is an
/// address, a MAC is written as analyze writes it (lower case), a time is ISO 8601 in UTC
/// (<c>2021-09-30T06:21:56Z</c>), or without its year (<c>06-23T13:41:16Z</c>) for syslog stamps, which have none; a NODE
/// is <c>-</c> for the announcer of a log that never says who wrote it.
/// <list type="table">
/// <item><term><c>exit N</c></term><description>the exit code.</description></item>
/// <item><term><c>error line N TEXT</c></term><description>analyze refuses the paste (exit 2) with one stderr line naming line N and saying TEXT.</description></item>
/// <item><term><c>kind WORD</c></term><description>every input was read as WORD (<c>tcpdump</c>, <c>kube-vip-log</c>).</description></item>
/// <item><term><c>overall WORD</c></term><description>the verdict over all VIPs (<c>no-evidence</c>, <c>conflict</c>).</description></item>
/// <item><term><c>vips N</c></term><description>how many addresses are reported.</description></item>
/// <item><term><c>verdict VIP WORD</c></term><description>the VIP's verdict.</description></item>
/// <item><term><c>macs VIP N</c></term><description>MACs listed for the VIP (answering or announcing).</description></item>
/// <item><term><c>replies VIP MAC N</c>, <c>announcements VIP MAC N</c></term><description>that MAC's replies, its announcements.</description></item>
/// <item><term><c>probes VIP SENT ANSWERED</c></term><description>probes sent and probes answered.</description></item>
/// <item><term><c>changes VIP N</c>, <c>contested VIP N</c></term><description>winner changes; probes answered by more than one MAC.</description></item>
/// <item><term><c>winners VIP MAC...</c></term><description>the winner of each run of probes, in order (<c>none</c>: unanswered).</description></item>
/// <item><term><c>claims VIP NODE N</c></term><description>times NODE claimed the VIP (releases not counted).</description></item>
/// <item><term><c>claim VIP NODE TIME</c></term><description>NODE claimed the VIP at TIME.</description></item>
/// <item><term><c>announcers VIP N</c></term><description>distinct nodes that claimed the VIP.</description></item>
/// <item><term><c>holders VIP NODE...</c></term><description>who held the VIP, in order of taking it.</description></item>
/// <item><term><c>overlaps VIP N</c></term><description>stretches in which two nodes held the VIP at once.</description></item>
/// <item><term><c>overlap VIP NODE NODE FROM TO</c></term><description>NODE and NODE held the VIP at once from FROM to TO (<c>end</c>: to the end of the evidence).</description></item>
/// <item><term><c>warning VIP TEXT</c></term><description>a warning on the VIP says TEXT (<c>-</c> for the report's own warnings).</description></item>
/// </list>
/// Besides the checks a paste gives, every paste is held to two rules: without an <c>error</c> check analyze must read it
/// (no exit 2), and without a <c>verdict VIP healthy</c> check nothing in it may be called healthy (no exit 0).
/// </summary>
internal static class PasteChecks
{
    public const string Prefix = "# check: ";

    private static readonly HashSet<string> Words =
    [
        "exit", "error", "kind", "overall", "vips", "verdict", "macs", "replies", "announcements", "probes", "changes", "contested",
        "winners", "warning", "claims", "claim", "announcers", "holders", "overlaps", "overlap",
    ];

    /// <summary>The checks of a paste, with their line numbers.</summary>
    public static List<(int Line, string Check)> Of(string path) =>
        [.. File.ReadLines(path).Select((text, i) => (Line: i + 1, Text: text))
            .TakeWhile(l => l.Text.StartsWith("# ", StringComparison.Ordinal))
            .Where(l => l.Text.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(l => (l.Line, l.Text[Prefix.Length..].Trim()))];

    /// <summary>What is wrong with the run for one check; null when it holds.</summary>
    public static string? Failure(string check, PasteRun run)
    {
        var words = check.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return "an empty check";
        if (!Words.Contains(words[0])) return $"'{words[0]}' is not a check";
        string[] args = words[1..];
        string Rest(int from) => string.Join(' ', args[from..]);
        if (words[0] == "exit")
            return Arity(args, 1) ?? Equal(Int(args[0]), run.Exit, "exit code");
        if (words[0] == "error")
        {
            if (args.Length < 3 || args[0] != "line") return "error line N TEXT";
            if (run.Exit != 2) return $"exit code {run.Exit}, not 2 (stderr: '{run.Err.Trim()}')";
            var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != 1) return $"stderr is not one line: '{run.Err.Trim()}'";
            if (!lines[0].Contains($"line {args[1]}:", StringComparison.Ordinal) && !lines[0].Contains($":{args[1]}:", StringComparison.Ordinal))
                return $"stderr does not name line {args[1]}: '{lines[0]}'";
            return lines[0].Contains(Rest(2), StringComparison.Ordinal) ? null : $"stderr does not say '{Rest(2)}': '{lines[0]}'";
        }
        if (run.Json is not { } json) return $"analyze gave no report (exit {run.Exit}, stderr '{run.Err.Trim()}')";
        switch (words[0])
        {
            case "kind":
                return Arity(args, 1) ?? Equal(args[0], string.Join(",", json.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).Distinct()), "input kind");
            case "overall":
                return Arity(args, 1) ?? Equal(args[0], json.GetProperty("verdict").GetString(), "overall verdict");
            case "vips":
                return Arity(args, 1) ?? Equal(Int(args[0]), json.GetProperty("vips").GetArrayLength(), "VIPs reported");
            case "warning" when args.Length >= 2 && args[0] == "-":
                return Warnings(json).Any(w => w.Contains(Rest(1), StringComparison.Ordinal)) ? null
                    : $"no report warning says '{Rest(1)}' (warnings: {string.Join(" | ", Warnings(json))})";
        }
        if (args.Length < 1) return $"{words[0]} needs a VIP";
        if (Vip(json, args[0]) is not { } vip) return $"{args[0]} is not in the report (VIPs: {string.Join(", ", json.GetProperty("vips").EnumerateArray().Select(v => v.GetProperty("vip").GetString()))})";
        switch (words[0])
        {
            case "verdict":
                return Arity(args, 2) ?? Equal(args[1], vip.GetProperty("verdict").GetString(), $"{args[0]}'s verdict");
            case "macs":
                return Arity(args, 2) ?? Equal(Int(args[1]), vip.GetProperty("responders").GetArrayLength(), $"MACs listed for {args[0]}");
            case "replies" or "announcements":
                if (Arity(args, 3) is { } a) return a;
                var responder = vip.GetProperty("responders").EnumerateArray().Where(r => r.GetProperty("mac").GetString() == args[1]).ToList();
                return Equal(Int(args[2]), responder.Count == 0 ? 0 : responder[0].GetProperty(words[0]).GetInt64(), $"{words[0]} from {args[1]}");
            case "probes":
                return Arity(args, 3) ?? Equal($"{args[1]} sent, {args[2]} answered",
                    $"{vip.GetProperty("probesSent").GetInt64()} sent, {vip.GetProperty("probesAnswered").GetInt64()} answered", $"{args[0]}'s probes");
            case "changes":
                return Arity(args, 2) ?? Equal(Int(args[1]), vip.GetProperty("winnerChanges").GetInt64(), $"{args[0]}'s winner changes");
            case "contested":
                return Arity(args, 2) ?? Equal(Int(args[1]), vip.GetProperty("contestedProbes").GetInt64(), $"{args[0]}'s contested probes");
            case "winners":
                return Equal(Rest(1), string.Join(' ', vip.GetProperty("winners").EnumerateArray().Select(w => w.GetProperty("mac").GetString() ?? "none")), $"{args[0]}'s winners in order");
            case "warning":
                return Strings(vip, "warnings").Any(w => w.Contains(Rest(1), StringComparison.Ordinal)) ? null
                    : $"no warning on {args[0]} says '{Rest(1)}' (warnings: {string.Join(" | ", Strings(vip, "warnings"))})";
        }
        if (!vip.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Object) return $"{args[0]} has no claims in the report";
        var list = claims.GetProperty("list").EnumerateArray().ToList();
        switch (words[0])
        {
            case "claims":
                return Arity(args, 3) ?? Equal(Int(args[2]), list.Count(c => NodeOf(c) == args[1] && !c.GetProperty("released").GetBoolean()), $"claims of {args[0]} by {args[1]}");
            case "claim":
                return Arity(args, 3) ?? (list.Any(c => NodeOf(c) == args[1] && !c.GetProperty("released").GetBoolean() && SameTime(args[2], c.GetProperty("time")))
                    ? null : $"no claim of {args[0]} by {args[1]} at {args[2]} (claims: {string.Join(", ", list.Select(c => $"{NodeOf(c)}@{c.GetProperty("time")}"))})");
            case "announcers":
                return Arity(args, 2) ?? Equal(Int(args[1]), claims.GetProperty("announcers").GetArrayLength(), $"announcers of {args[0]}");
            case "holders":
                return Equal(Rest(1), string.Join(' ', claims.GetProperty("holds").EnumerateArray().Select(NodeOf)), $"holders of {args[0]} in order");
            case "overlaps":
                return Arity(args, 2) ?? Equal(Int(args[1]), claims.GetProperty("overlaps").GetArrayLength(), $"stretches with two holders of {args[0]}");
            case "overlap":
                if (Arity(args, 5) is { } o) return o;
                var overlaps = claims.GetProperty("overlaps").EnumerateArray().ToList();
                return overlaps.Any(x => x.GetProperty("nodes").EnumerateArray().Select(n => n.GetString() ?? "-").Order(StringComparer.Ordinal).SequenceEqual(new[] { args[1], args[2] }.Order(StringComparer.Ordinal))
                        && SameTime(args[3], x.GetProperty("from")) && (args[4] == "end" ? x.GetProperty("to").ValueKind == JsonValueKind.Null : SameTime(args[4], x.GetProperty("to"))))
                    ? null : $"no overlap of {args[1]} and {args[2]} from {args[3]} to {args[4]} (overlaps: {string.Join(", ", overlaps.Select(x => x.ToString()))})";
        }
        throw new InvalidOperationException($"the check '{words[0]}' is listed but not handled");
    }

    /// <summary>The rules every paste is held to beside its own checks.</summary>
    public static IEnumerable<string> Invariants(IReadOnlyList<string> checks, PasteRun run)
    {
        bool expectsError = checks.Any(c => c.StartsWith("error ", StringComparison.Ordinal));
        if (!expectsError && run.Exit == 2) yield return $"analyze refused the paste: '{run.Err.Trim()}'";
        bool expectsHealthy = checks.Any(c => c.StartsWith("verdict ", StringComparison.Ordinal) && c.EndsWith(" healthy", StringComparison.Ordinal));
        if (!expectsHealthy && run.Exit == 0) yield return "exit 0 (healthy) where the expectation gives no healthy VIP";
        if (!expectsHealthy && run.Json is { } json)
            foreach (var v in json.GetProperty("vips").EnumerateArray().Where(v => v.GetProperty("verdict").GetString() == "healthy"))
                yield return $"{v.GetProperty("vip").GetString()} is called healthy where the expectation does not say so";
    }

    private static JsonElement? Vip(JsonElement json, string address)
    {
        foreach (var v in json.GetProperty("vips").EnumerateArray())
            if (v.GetProperty("vip").GetString() == address) return v;
        return null;
    }

    /// <summary>A claim's or hold's node; <c>-</c> for the announcer of a log that never says who wrote it (null in JSON).</summary>
    private static string NodeOf(JsonElement e) => e.GetProperty("node").GetString() ?? "-";

    private static IEnumerable<string> Warnings(JsonElement json) => Strings(json, "warnings");

    private static IEnumerable<string> Strings(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(w => w.GetString() ?? "");

    /// <summary>A time as the check writes it against one in the report; a check without a year matches any year (syslog stamps have none).</summary>
    private static bool SameTime(string expected, JsonElement actual)
    {
        if (actual.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(actual.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at)) return false;
        var written = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";
        return expected.Length > 2 && expected[2] == '-' ? written[5..] == expected : written == expected;
    }

    private static string? Arity(string[] args, int count) => args.Length == count ? null : $"takes {count} arguments, not {args.Length}";

    private static long Int(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static string? Equal<T>(T expected, T actual, string what) =>
        EqualityComparer<T>.Default.Equals(expected, actual) ? null : $"{what}: {actual}, expected {expected}";
}
