using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// Renders the chart's templates for tests where no helm binary exists. It knows exactly the subset of Go
/// templates the chart uses — <c>.Values.*</c>, <c>.Release.Namespace</c>, <c>.Chart.*</c>, string literals,
/// <c>if</c>/<c>end</c>, <c>toYaml</c>, <c>.Files.Get</c>, and the functions <c>quote</c>, <c>default</c>,
/// <c>indent</c>, <c>nindent</c>, with <c>{{-</c>/<c>-}}</c> trimming — and throws on anything else, so a
/// template that grows beyond it fails the tests instead of passing untested.
/// </summary>
internal sealed partial class MiniHelm(string chartDir, JsonObject values, string releaseNamespace)
{
    private readonly JsonObject _chart = YamlDocs.Load(Path.Combine(chartDir, "Chart.yaml"))[0];

    public static JsonObject DefaultValues(string chartDir) => YamlDocs.Load(Path.Combine(chartDir, "values.yaml"))[0];

    [GeneratedRegex("""\{\{(-)?\s*((?:"[^"]*"|[^"}])*?)\s*(-)?\}\}""")]
    private static partial Regex Action();

    public string Render(string templateText)
    {
        var output = new StringBuilder();
        var active = new Stack<bool>();
        bool trimNext = false;
        int at = 0;
        foreach (Match m in Action().Matches(templateText))
        {
            var text = templateText[at..m.Index];
            if (trimNext) text = text.TrimStart();
            if (m.Groups[1].Success) text = text.TrimEnd();
            if (active.All(a => a)) output.Append(text);
            else if (m.Groups[1].Success) TrimEnd(output);
            at = m.Index + m.Length;
            trimNext = m.Groups[3].Success;
            var action = m.Groups[2].Value;
            if (action.StartsWith("if ", StringComparison.Ordinal))
            {
                if (m.Groups[1].Success) TrimEnd(output);
                active.Push(Truthy(Evaluate(action[3..])));
            }
            else if (action == "end")
            {
                if (active.Count == 0) throw new InvalidOperationException("{{ end }} without {{ if }}");
                active.Pop();
            }
            else if (active.All(a => a))
            {
                output.Append(Evaluate(action) is var v && v is JsonNode n ? Scalar(n) : v as string ?? "");
            }
        }
        if (active.Count != 0) throw new InvalidOperationException("{{ if }} without {{ end }}");
        var rest = templateText[at..];
        output.Append(trimNext ? rest.TrimStart() : rest);
        return output.ToString();
    }

    private static void TrimEnd(StringBuilder sb)
    {
        while (sb.Length > 0 && char.IsWhiteSpace(sb[^1])) sb.Length--;
    }

    /// <summary>A pipeline: a value, then functions applied in turn. Values are JSON nodes or strings.</summary>
    private object? Evaluate(string pipeline)
    {
        var stages = SplitOutsideQuotes(pipeline, '|').Select(s => s.Trim()).ToList();
        object? value = Term(stages[0]);
        foreach (var stage in stages.Skip(1))
        {
            var parts = SplitOutsideQuotes(stage, ' ').Where(p => p.Length > 0).ToList();
            value = parts[0] switch
            {
                "quote" => "\"" + Text(value).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
                "default" when parts.Count == 2 => Truthy(value) ? value : Term(parts[1]),
                "indent" when parts.Count == 2 => Indent(Text(value), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)),
                "nindent" when parts.Count == 2 => "\n" + Indent(Text(value), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)),
                _ => throw new NotSupportedException($"template function not supported by the test renderer: {stage}"),
            };
        }
        return value;
    }

    private object? Term(string term)
    {
        if (term.StartsWith('"') && term.EndsWith('"')) return term[1..^1];
        if (term.StartsWith("toYaml ", StringComparison.Ordinal)) return ToYaml(Term(term[7..].Trim()) as JsonNode, 0).TrimEnd('\n');
        if (term.StartsWith(".Files.Get ", StringComparison.Ordinal))
            return File.ReadAllText(Path.Combine(chartDir, ((string)Term(term[11..].Trim())!).Replace('/', Path.DirectorySeparatorChar)));
        if (term == ".Release.Namespace") return releaseNamespace;
        if (term.StartsWith(".Chart.", StringComparison.Ordinal))
        {
            var key = char.ToLowerInvariant(term[7]) + term[8..];
            return _chart[key] ?? throw new InvalidOperationException($"Chart.yaml has no {key}");
        }
        if (term.StartsWith(".Values.", StringComparison.Ordinal))
        {
            JsonNode? node = values;
            foreach (var key in term[8..].Split('.'))
                node = node?[key];
            return node;
        }
        throw new NotSupportedException($"template term not supported by the test renderer: {term}");
    }

    private static bool Truthy(object? v) => v switch
    {
        null => false,
        string s => s.Length > 0,
        JsonValue j when j.TryGetValue<bool>(out var b) => b,
        JsonValue j when j.TryGetValue<long>(out var l) => l != 0,
        JsonValue j when j.TryGetValue<string>(out var s) => s.Length > 0,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        _ => true,
    };

    private static string Text(object? v) => v switch
    {
        null => "",
        string s => s,
        JsonNode n => Scalar(n),
        _ => v.ToString() ?? "",
    };

    private static string Scalar(JsonNode n) => n is JsonValue v
        ? (v.TryGetValue<string>(out var s) ? s : v.TryGetValue<bool>(out var b) ? (b ? "true" : "false") : v.ToJsonString())
        : throw new InvalidOperationException($"not a scalar: {n.ToJsonString()}");

    private static string ToYaml(JsonNode? node, int depth)
    {
        var sb = new StringBuilder();
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                sb.Append(' ', depth * 2).Append(k).Append(':');
                if (v is JsonObject) sb.Append('\n').Append(ToYaml(v, depth + 1));
                else sb.Append(' ').Append(v is null ? "null" : Scalar(v)).Append('\n');
            }
            return sb.ToString();
        }
        throw new NotSupportedException("toYaml supports maps of maps and scalars");
    }

    private static string Indent(string text, int n) =>
        string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', n) + l));

    private static List<string> SplitOutsideQuotes(string s, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        foreach (var c in s)
        {
            if (c == '"') quoted = !quoted;
            if (c == separator && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }
}
