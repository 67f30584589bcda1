using System.Globalization;
using System.Text;

namespace ArpDoctor.Core.Doctoring;

/// <summary>One sample of a scrape: a metric name, its labels, its value, and the timestamp (milliseconds) when one is written.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? TimestampMs)
{
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";
}

/// <summary>
/// Reads Prometheus' text exposition format (version 0.0.4), as a <c>/metrics</c> endpoint serves it: <c># HELP</c>,
/// <c># TYPE</c> and other comments are skipped; each sample line is <c>name{label="value",…} value [timestamp]</c>, label
/// values with the escapes <c>\\</c>, <c>\"</c> and <c>\n</c>, values as Go's ParseFloat reads them (<c>NaN</c>,
/// <c>+Inf</c>, <c>-Inf</c>). Pure: the text is an API, and a line it cannot read is named with its number.
/// </summary>
public static class MetricsText
{
    /// <summary>Every sample, in order; <c>null</c> with <c>line N: why: text</c> at the first line that does not read.</summary>
    public static (IReadOnlyList<MetricSample>? Samples, string? Error) Parse(string text)
    {
        var samples = new List<MetricSample>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0 || line[0] == '#') continue;
            var (sample, error) = ParseLine(line);
            if (sample is null) return (null, $"line {i + 1}: {error}: {Shorten(line)}");
            samples.Add(sample);
        }
        return (samples, null);
    }

    private static (MetricSample?, string?) ParseLine(string line)
    {
        int pos = 0;
        var name = Name(line, ref pos);
        if (name is null) return (null, "no metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        SkipBlanks(line, ref pos);
        if (pos < line.Length && line[pos] == '{')
        {
            pos++;
            while (true)
            {
                SkipBlanks(line, ref pos);
                if (pos < line.Length && line[pos] == '}') { pos++; break; }
                var label = Name(line, ref pos);
                if (label is null) return (null, "a label has no name");
                SkipBlanks(line, ref pos);
                if (pos >= line.Length || line[pos] != '=') return (null, $"label {label} has no '='");
                pos++;
                SkipBlanks(line, ref pos);
                var value = Quoted(line, ref pos);
                if (value is null) return (null, $"label {label}'s value is not a closed, quoted string");
                if (!labels.TryAdd(label, value)) return (null, $"label {label} is given twice");
                SkipBlanks(line, ref pos);
                if (pos < line.Length && line[pos] == ',') { pos++; continue; }
                if (pos < line.Length && line[pos] == '}') { pos++; break; }
                return (null, "labels are not closed with '}'");
            }
        }
        var rest = line[pos..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is 0) return (null, "no value");
        if (rest.Length > 2) return (null, "more than a value and a timestamp after the labels");
        if (!TryValue(rest[0], out var number)) return (null, $"value {rest[0]} is not a number");
        long? timestamp = null;
        if (rest.Length == 2)
        {
            if (!long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts)) return (null, $"timestamp {rest[1]} is not an integer");
            timestamp = ts;
        }
        return (new MetricSample(name, labels, number, timestamp), null);
    }

    /// <summary>A metric or label name: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> (a label's without the colon, not checked).</summary>
    private static string? Name(string line, ref int pos)
    {
        int start = pos;
        while (pos < line.Length && (char.IsAsciiLetter(line[pos]) || line[pos] is '_' or ':' || (pos > start && char.IsAsciiDigit(line[pos])))) pos++;
        return pos > start ? line[start..pos] : null;
    }

    private static string? Quoted(string line, ref int pos)
    {
        if (pos >= line.Length || line[pos] != '"') return null;
        var value = new StringBuilder();
        for (pos++; pos < line.Length; pos++)
        {
            char c = line[pos];
            if (c == '"') { pos++; return value.ToString(); }
            if (c != '\\') { value.Append(c); continue; }
            if (++pos >= line.Length) return null;
            value.Append(line[pos] switch { 'n' => '\n', var e => e });   // \\ and \" stand for themselves; so does any other escaped character
        }
        return null;
    }

    private static void SkipBlanks(string line, ref int pos)
    {
        while (pos < line.Length && line[pos] is ' ' or '\t') pos++;
    }

    /// <summary>A sample value: a float, or <c>NaN</c>, <c>Inf</c>, <c>+Inf</c>, <c>-Inf</c> in any case, as Go's ParseFloat reads it.</summary>
    public static bool TryValue(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan": value = double.NaN; return true;
            case "inf" or "+inf": value = double.PositiveInfinity; return true;
            case "-inf": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsInfinity(value) && !double.IsNaN(value);
    }

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..117] + "...";
}
