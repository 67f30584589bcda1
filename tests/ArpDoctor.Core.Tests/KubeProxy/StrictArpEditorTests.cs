using ArpDoctor.Core.KubeProxy;
using Xunit;

namespace ArpDoctor.Core.Tests.KubeProxy;

/// <summary>The strictARP edit on real renderings of config.conf (golden files) and on hand-made edge cases.</summary>
public sealed class StrictArpEditorTests
{
    public static TheoryData<string, StrictArpEditKind, string, string> GoldenFiles => new()
    {
        // file, kind, text before, text after (one splice each)
        { "kubeadm-ipvs.conf", StrictArpEditKind.ValueReplaced, "  strictARP: false\n", "  strictARP: true\n" },
        { "kkp-ipvs.conf", StrictArpEditKind.ValueReplaced, "  strictARP: false\n", "  strictARP: true\n" },
        { "kubeone-ipvs.conf", StrictArpEditKind.KeyInserted, "  scheduler: rr\n  syncPeriod: 0s\n", "  scheduler: rr\n  strictARP: true\n  syncPeriod: 0s\n" },
        { "no-ipvs-section.conf", StrictArpEditKind.SectionInserted, "kind: KubeProxyConfiguration\n", "ipvs:\n  strictARP: true\nkind: KubeProxyConfiguration\n" },
        { "crlf-indent4.conf", StrictArpEditKind.ValueReplaced, "    strictARP: False\r\n", "    strictARP: true\r\n" },
    };

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Golden_files_change_in_exactly_one_place(string file, StrictArpEditKind kind, string before, string after)
    {
        var text = TestSupport.Golden($"kube-proxy/{file}");
        Assert.Contains(before, text);
        var edit = StrictArpEditor.Set(text, true);
        Assert.Equal(kind, edit.Kind);
        Assert.Equal(ReplaceOnce(text, before, after), edit.NewText);
        Assert.True(KubeProxyConfig.TryParse(edit.NewText, out var config, out _));
        Assert.True(config.StrictArp);
    }

    [Fact]
    public void Comments_survive_and_the_comment_above_a_key_stays_with_it()
    {
        var text = TestSupport.Golden("kube-proxy/kkp-ipvs.conf");
        var edit = StrictArpEditor.Set(text, true);
        Assert.Contains("  # strictARP makes nodes stop answering ARP for addresses on kube-ipvs0\n  strictARP: true\n", edit.NewText);
        Assert.Contains("# Rendered by the kube-proxy addon;", edit.NewText);
        // In no-ipvs-section the comment above "mode:" is not separated from it.
        var added = StrictArpEditor.Set(TestSupport.Golden("kube-proxy/no-ipvs-section.conf"), true);
        Assert.Contains("# proxy mode chosen at install time\nmode: ipvs\n", added.NewText);
    }

    [Theory]
    [InlineData("kubeadm-ipvs-strict.conf")]
    [InlineData("kubeadm-ipvs.conf")]
    public void Setting_the_value_it_already_has_changes_nothing(string file)
    {
        var text = TestSupport.Golden($"kube-proxy/{file}");
        var value = file.Contains("strict", StringComparison.Ordinal);
        var edit = StrictArpEditor.Set(text, value);
        Assert.Equal(StrictArpEditKind.Unchanged, edit.Kind);
        Assert.Same(text, edit.NewText);
    }

    [Theory]
    // text, expected new text
    [InlineData("mode: ipvs\nipvs: {}\n", "mode: ipvs\nipvs: {strictARP: true}\n")]
    [InlineData("mode: ipvs\nipvs: {scheduler: rr}\n", "mode: ipvs\nipvs: {strictARP: true, scheduler: rr}\n")]
    [InlineData("mode: ipvs\nipvs:\n", "mode: ipvs\nipvs:\n  strictARP: true\n")]
    [InlineData("mode: ipvs\nipvs: null\n", "mode: ipvs\nipvs: {strictARP: true}\n")]
    [InlineData("ipvs:\n  scheduler: rr\nmode: ipvs", "ipvs:\n  scheduler: rr\n  strictARP: true\nmode: ipvs")]
    [InlineData("mode: ipvs", "ipvs:\n  strictARP: true\nmode: ipvs")]
    [InlineData("apiVersion: v1\n", "apiVersion: v1\nipvs:\n  strictARP: true\n")]
    [InlineData("apiVersion: v1", "apiVersion: v1\nipvs:\n  strictARP: true")]
    [InlineData("ipvs:\n    strictARP: off # was off\n", "ipvs:\n    strictARP: true # was off\n")]
    [InlineData("ipvs:\n  strictARP: no\nmode: ipvs\n", "ipvs:\n  strictARP: true\nmode: ipvs\n")]
    [InlineData("apiVersion: v1alpha1\ninstance:\n    a: 1\nmode: ipvs\n", "apiVersion: v1alpha1\ninstance:\n    a: 1\nipvs:\n    strictARP: true\nmode: ipvs\n")]
    public void Edge_cases_get_the_smallest_edit(string text, string expected)
    {
        var edit = StrictArpEditor.Set(text, true);
        Assert.True(edit.Changed, edit.Error);
        Assert.Equal(expected, edit.NewText);
    }

    [Theory]
    [InlineData("mode: [ipvs\n", "not valid YAML")]
    [InlineData("- a\n- b\n", "not a mapping")]
    [InlineData("ipvs:\n  strictARP: \"false\"\n", "ipvs.strictARP \"false\" is a quoted string, not a boolean")]
    [InlineData("ipvs: [1, 2]\n", "ipvs is a sequence, where kube-proxy wants a mapping")]
    [InlineData("a: 1\n---\nb: 2\n", "2 YAML documents")]
    public void Text_that_cannot_be_edited_safely_is_refused_with_a_reason(string text, string reason)
    {
        var edit = StrictArpEditor.Set(text, true);
        Assert.Equal(StrictArpEditKind.Failed, edit.Kind);
        Assert.Contains(reason, edit.Error);
        Assert.Equal(text, edit.NewText);
    }

    [Fact]
    public void Setting_false_is_the_same_edit_the_other_way()
    {
        var strict = TestSupport.Golden("kube-proxy/kubeadm-ipvs-strict.conf");
        Assert.Equal(TestSupport.Golden("kube-proxy/kubeadm-ipvs.conf"), StrictArpEditor.Set(strict, false).NewText);
    }

    private static string ReplaceOnce(string text, string before, string after)
    {
        int at = text.IndexOf(before, StringComparison.Ordinal);
        Assert.Equal(-1, text.IndexOf(before, at + 1, StringComparison.Ordinal));
        return string.Concat(text.AsSpan(0, at), after, text.AsSpan(at + before.Length));
    }
}
