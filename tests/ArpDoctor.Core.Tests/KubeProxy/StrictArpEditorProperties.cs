using ArpDoctor.Core.KubeProxy;
using CsCheck;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Core.Tests.KubeProxy;

/// <summary>
/// Property: for any KubeProxyConfiguration-like text (random keys, order, comments, indentation, line endings,
/// strictARP present or not, ipvs present or not), the edit is one splice that only removes the old strictARP
/// value (or nothing), every other byte is kept, the result parses with strictARP true and every other value as before.
/// </summary>
public sealed class StrictArpEditorProperties
{
    private static readonly string[] RootKeys = ["apiVersion", "bindAddress", "clusterCIDR", "conntrack", "detectLocalMode", "iptables", "kind", "metricsBindAddress", "mode", "nftables", "oomScoreAdj", "winkernel"];
    private static readonly string[] IpvsKeys = ["excludeCIDRs", "minSyncPeriod", "scheduler", "syncPeriod", "tcpFinTimeout", "udpTimeout"];
    private static readonly string[] Scalars = ["0s", "\"\"", "null", "rr", "10.244.0.0/16", "'quoted'", "false", "1"];
    private static readonly string[] FalseWords = ["false", "False", "FALSE", "no", "off"];

    private static readonly Gen<string> Comment = Gen.OneOf("", "# generated\n", "  # indented note\n", "#\n");

    private static Gen<string> Config =>
        from unit in Gen.OneOf(2, 4)
        from crlf in Gen.Bool
        from rootOrder in Gen.Shuffle(RootKeys)
        from rootCount in Gen.Int[1, RootKeys.Length]
        from values in Gen.OneOf(Scalars).Array[RootKeys.Length]
        from nested in Gen.Bool.Array[RootKeys.Length]
        from comments in Comment.Array[RootKeys.Length + 1]
        from ipvsShape in Gen.Int[0, 3] // 0 absent, 1 block without strictARP, 2 block with strictARP, 3 empty "ipvs:"
        from ipvsOrder in Gen.Shuffle(IpvsKeys)
        from ipvsCount in Gen.Int[0, IpvsKeys.Length]
        from strictAt in Gen.Int[0, IpvsKeys.Length]
        from falseWord in Gen.OneOf(FalseWords)
        from trailing in Gen.OneOf("", " # keep", "   ")
        from ipvsPosition in Gen.Int[0, RootKeys.Length]
        from finalNewline in Gen.Bool
        select Render(unit, crlf, rootOrder.Take(rootCount).ToArray(), values, nested, comments, ipvsShape,
            ipvsOrder.Take(ipvsCount).ToArray(), strictAt, falseWord, trailing, ipvsPosition, finalNewline);

    private static string Render(int unit, bool crlf, string[] keys, string[] values, bool[] nested, string[] comments, int ipvsShape,
        string[] ipvsKeys, int strictAt, string falseWord, string trailing, int ipvsPosition, bool finalNewline)
    {
        var indent = new string(' ', unit);
        var lines = new List<string>();
        for (int i = 0; i <= keys.Length; i++)
        {
            if (i == Math.Min(ipvsPosition, keys.Length) && ipvsShape > 0)
            {
                lines.Add("ipvs:");
                if (ipvsShape == 1 && ipvsKeys.Length == 0) ipvsShape = 3;
                if (ipvsShape != 3)
                {
                    var pairs = ipvsKeys.Select(k => $"{indent}{k}: 0s").ToList();
                    if (ipvsShape == 2) pairs.Insert(Math.Min(strictAt, pairs.Count), $"{indent}strictARP: {falseWord}{trailing}");
                    lines.AddRange(pairs);
                }
            }
            if (i == keys.Length) break;
            if (comments[i].Length > 0) lines.Add(comments[i].TrimEnd('\n'));
            if (nested[i]) lines.AddRange([$"{keys[i]}:", $"{indent}inner: {values[i]}"]);
            else lines.Add($"{keys[i]}: {values[i]}");
        }
        var nl = crlf ? "\r\n" : "\n";
        return string.Join(nl, lines) + (finalNewline ? nl : "");
    }

    [Fact]
    public void The_edit_is_one_splice_that_keeps_every_other_byte() =>
        Config.Sample(text =>
        {
            var edit = StrictArpEditor.Set(text, true);
            Assert.True(edit.Changed, $"{edit.Kind}: {edit.Error}\n{text}");
            var splice = edit.Splice!.Value;
            Assert.Equal(edit.NewText, splice.ApplyTo(text));
            var removed = text.Substring(splice.Start, splice.RemovedLength);
            Assert.True(removed.Length == 0 || FalseWords.Contains(removed) || removed == "", $"removed '{removed}'");
            Assert.Equal(text[..splice.Start], edit.NewText[..splice.Start]);
            Assert.Equal(text[(splice.Start + splice.RemovedLength)..], edit.NewText[(splice.Start + splice.Inserted.Length)..]);
            Assert.Contains("true", splice.Inserted);
            // The inserted text uses the file's line endings only.
            if (!text.Contains('\r', StringComparison.Ordinal)) Assert.DoesNotContain('\r', edit.NewText);
            else Assert.DoesNotContain("\n", splice.Inserted.Replace("\r\n", "", StringComparison.Ordinal));
        }, iter: 2000);

    [Fact]
    public void The_result_parses_with_strictARP_true_and_every_other_value_unchanged() =>
        Config.Sample(text =>
        {
            var edit = StrictArpEditor.Set(text, true);
            Assert.True(KubeProxyConfig.TryParse(edit.NewText, out var after, out var error), error);
            Assert.True(after.StrictArp);
            var before = Values(text);
            var now = Values(edit.NewText);
            before.Remove("ipvs");
            now.Remove("ipvs");
            before.Remove("ipvs.strictARP");
            now.Remove("ipvs.strictARP");
            Assert.Equal(before.OrderBy(kv => kv.Key), now.OrderBy(kv => kv.Key));
        }, iter: 1000);

    [Fact]
    public void A_second_edit_changes_nothing() =>
        Config.Sample(text =>
        {
            var once = StrictArpEditor.Set(text, true).NewText;
            var twice = StrictArpEditor.Set(once, true);
            Assert.Equal(StrictArpEditKind.Unchanged, twice.Kind);
            Assert.Equal(once, twice.NewText);
        }, iter: 500);

    /// <summary>An independent reading of every scalar by path, with YamlDotNet's own model.</summary>
    private static Dictionary<string, string> Values(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var result = new Dictionary<string, string>();
        void Walk(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlMappingNode m:
                    foreach (var (k, v) in m.Children) Walk(v, path.Length == 0 ? ((YamlScalarNode)k).Value! : $"{path}.{((YamlScalarNode)k).Value}");
                    break;
                case YamlScalarNode s:
                    result[path] = $"{s.Style}:{s.Value}";
                    break;
            }
        }
        Walk(stream.Documents[0].RootNode, "");
        return result;
    }
}
