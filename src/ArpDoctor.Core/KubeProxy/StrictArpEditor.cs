using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Core.KubeProxy;

/// <summary>
/// Sets <c>ipvs.strictARP</c> in a KubeProxyConfiguration's text with one splice, so every other byte
/// (comments, key order, quoting, line endings) stays as it was. A full re-serialise would drop the
/// comments and re-quote values, and a reviewer could no longer see that only one thing changed.
/// </summary>
/// <remarks>
/// Positions come from YamlDotNet's <see cref="Mark"/>s. The result is re-parsed and verified: strictARP
/// has the wanted value and every other value is unchanged; otherwise the edit is <see cref="StrictArpEditKind.Failed"/>.
/// </remarks>
public static class StrictArpEditor
{
    private const string Key = "strictARP";
    private const string Section = "ipvs";

    public static StrictArpEdit Set(string text, bool value)
    {
        if (!YamlDocumentReader.TryLoadRootMapping(text, out var root, out var error))
        {
            // kube-proxy would read it (first document, last of a repeated key); an edit of such a file is for a person to make.
            if (KubeProxyConfig.TryParse(text, out var lenient, out _) && lenient.Ambiguities.Count > 0)
                return StrictArpEdit.Fail(text, $"{string.Join("; ", lenient.Ambiguities)}; make it one document without repeated keys, then run fix again");
            return StrictArpEdit.Fail(text, error);
        }
        if (!KubeProxyConfig.TryParse(text, out var before, out error))
            return StrictArpEdit.Fail(text, error);
        if (before.StrictArp == value) return StrictArpEdit.Same(text);

        var word = value ? "true" : "false";
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        TextEdit splice;
        StrictArpEditKind kind;
        var ipvs = YamlDocumentReader.Child(root, Section);
        if (ipvs is YamlMappingNode map && YamlDocumentReader.Scalar(map, Key) is { } scalar)
        {
            int start = Index(scalar.Start), end = Index(scalar.End);
            if (scalar.Value is "" && start == end)
            {
                // "strictARP:" with no value: the empty scalar's mark is not at the colon; write the value after it.
                var keyNode = map.Children.Keys.First(k => k is YamlScalarNode { Value: Key });
                int colon = text.IndexOf(':', Index(keyNode.End));
                splice = new TextEdit(colon + 1, 0, " " + word);
            }
            else
            {
                splice = new TextEdit(start, end - start, word);
            }
            kind = StrictArpEditKind.ValueReplaced;
        }
        else if (ipvs is YamlMappingNode ipvsMap)
        {
            if (!TryInsertKey(text, ipvsMap, word, newline, out splice, out error)) return StrictArpEdit.Fail(text, error);
            kind = StrictArpEditKind.KeyInserted;
        }
        else if (ipvs is YamlScalarNode nullSection && IsNull(nullSection))
        {
            var key = KeyNode(root, Section)!;
            splice = ReplaceNullSection(text, key, nullSection, word, newline, IndentUnit(root));
            kind = StrictArpEditKind.KeyInserted;
        }
        else if (ipvs is not null)
        {
            return StrictArpEdit.Fail(text, $"line {ipvs.Start.Line}: '{Section}' is not a mapping; set {Section}.{Key} by hand");
        }
        else
        {
            if (root.Style == MappingStyle.Flow) return StrictArpEdit.Fail(text, "the configuration is a flow mapping; set ipvs.strictARP by hand");
            splice = InsertSection(text, root, word, newline);
            kind = StrictArpEditKind.SectionInserted;
        }

        var newText = splice.ApplyTo(text);
        if (!Verify(root, newText, value, out error))
            return StrictArpEdit.Fail(text, $"the edited text did not verify ({error}); set {Section}.{Key} by hand");
        return new StrictArpEdit(kind, text, newText, splice, "");
    }

    /// <summary>Re-parses <paramref name="newText"/>: strictARP must be <paramref name="value"/> and every other value as in <paramref name="oldRoot"/>.</summary>
    private static bool Verify(YamlMappingNode oldRoot, string newText, bool value, out string error)
    {
        if (!KubeProxyConfig.TryParse(newText, out var after, out error)) return false;
        if (after.StrictArp != value)
        {
            error = $"strictARP reads {after.StrictArpText ?? "absent"}";
            return false;
        }
        YamlDocumentReader.TryLoadRootMapping(newText, out var newRoot, out _);
        var oldValues = YamlDocumentReader.Flatten(oldRoot);
        var newValues = YamlDocumentReader.Flatten(newRoot);
        foreach (var touched in new[] { Section, $"{Section}.{Key}" })
        {
            oldValues.Remove(touched);
            newValues.Remove(touched);
        }
        var changed = oldValues.Where(kv => !newValues.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => kv.Key)
            .Concat(newValues.Keys.Where(k => !oldValues.ContainsKey(k))).FirstOrDefault();
        if (changed is not null)
        {
            error = $"{changed} changed";
            return false;
        }
        return true;
    }

    private static bool TryInsertKey(string text, YamlMappingNode ipvs, string word, string newline, out TextEdit splice, out string error)
    {
        error = "";
        splice = default;
        if (ipvs.Style == MappingStyle.Flow)
        {
            // ipvs: {} or ipvs: {scheduler: rr}: add the pair right after the brace.
            int brace = Index(ipvs.Start);
            if (brace >= text.Length || text[brace] != '{')
            {
                error = $"line {ipvs.Start.Line}: cannot find the '{{' of the ipvs mapping";
                return false;
            }
            splice = new TextEdit(brace + 1, 0, ipvs.Children.Count == 0 ? $"{Key}: {word}" : $"{Key}: {word}, ");
            return true;
        }
        var keys = ipvs.Children.Keys.ToList();
        int column = (int)keys[0].Start.Column - 1;
        var indent = text.Substring(LineStart(text, Index(keys[0].Start)), column);
        if (indent.Any(c => c != ' '))
        {
            error = $"line {keys[0].Start.Line}: ipvs keys are not indented with spaces";
            return false;
        }
        var line = $"{indent}{Key}: {word}{newline}";
        // Keep kube-proxy's alphabetical order: before the first key that sorts after strictARP.
        var next = keys.FirstOrDefault(k => string.CompareOrdinal((k as YamlScalarNode)?.Value, Key) > 0);
        if (next is not null)
        {
            splice = new TextEdit(BeforeLeadingComments(text, LineStart(text, Index(next.Start))), 0, line);
            return true;
        }
        // Otherwise after the last pair when its value is a one-line scalar; else first.
        var last = ipvs.Children[keys[^1]];
        if (last is YamlScalarNode s && s.Start.Line == s.End.Line && keys[^1].Start.Line == s.End.Line)
        {
            int endOfLine = text.IndexOf('\n', Index(s.End));
            if (endOfLine >= 0)
            {
                splice = new TextEdit(endOfLine + 1, 0, line);
                return true;
            }
            splice = new TextEdit(text.Length, 0, newline + line.TrimEnd('\r', '\n'));
            return true;
        }
        splice = new TextEdit(LineStart(text, Index(keys[0].Start)), 0, line);
        return true;
    }

    private static TextEdit ReplaceNullSection(string text, YamlNode key, YamlScalarNode value, string word, string newline, int unit)
    {
        int keyColumn = (int)key.Start.Column - 1;
        var child = new string(' ', keyColumn + unit);
        if (value.Value is "" && Index(value.Start) == Index(value.End))
        {
            // "ipvs:" with nothing after it: the pair goes on the next line.
            int colon = text.IndexOf(':', Index(key.End));
            int endOfLine = text.IndexOf('\n', colon);
            var insertAt = endOfLine < 0 ? text.Length : endOfLine + 1;
            var prefix = endOfLine < 0 ? newline : "";
            return new TextEdit(insertAt, 0, $"{prefix}{child}{Key}: {word}{(endOfLine < 0 ? "" : newline)}");
        }
        // "ipvs: null" or "ipvs: ~": the null becomes a one-pair flow mapping.
        int start = Index(value.Start), end = Index(value.End);
        return new TextEdit(start, end - start, $"{{{Key}: {word}}}");
    }

    private static TextEdit InsertSection(string text, YamlMappingNode root, string word, string newline)
    {
        var keys = root.Children.Keys.ToList();
        int column = keys.Count == 0 ? 0 : (int)keys[0].Start.Column - 1;
        var indent = new string(' ', column);
        var block = $"{indent}{Section}:{newline}{indent}{new string(' ', IndentUnit(root))}{Key}: {word}{newline}";
        var next = keys.FirstOrDefault(k => string.CompareOrdinal((k as YamlScalarNode)?.Value, Section) > 0);
        if (next is not null)
            return new TextEdit(BeforeLeadingComments(text, LineStart(text, Index(next.Start))), 0, block);
        if (text.Length == 0 || text.EndsWith('\n')) return new TextEdit(text.Length, 0, block);
        return new TextEdit(text.Length, 0, newline + block.TrimEnd('\r', '\n'));
    }

    /// <summary>The indentation step the file uses for nested block mappings (2 when it has none).</summary>
    private static int IndentUnit(YamlMappingNode root)
    {
        foreach (var (k, v) in root.Children)
            if (v is YamlMappingNode { Style: not MappingStyle.Flow, Children.Count: > 0 } m)
            {
                var step = (int)(m.Children.Keys.First().Start.Column - k.Start.Column);
                if (step > 0) return step;
            }
        return 2;
    }

    private static YamlNode? KeyNode(YamlMappingNode map, string key) =>
        map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == ScalarStyle.Plain && s.Value is "" or "null" or "Null" or "NULL" or "~";

    /// <summary>Moves an insertion point up over comment lines directly above it, so a comment stays with the key it describes.</summary>
    private static int BeforeLeadingComments(string text, int lineStart)
    {
        while (lineStart > 0)
        {
            int previous = LineStart(text, lineStart - 1);
            if (!text.AsSpan(previous, lineStart - previous).TrimStart(' ').StartsWith("#")) break;
            lineStart = previous;
        }
        return lineStart;
    }

    private static int LineStart(string text, int index)
    {
        if (index <= 0) return 0;
        int newline = text.LastIndexOf('\n', Math.Min(index, text.Length) - 1);
        return newline + 1;
    }

    private static int Index(Mark mark) => checked((int)mark.Index);
}
