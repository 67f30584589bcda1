using ArpDoctor.Core.KubeProxy;
using Xunit;

namespace ArpDoctor.Core.Tests.KubeProxy;

/// <summary>config.conf read as kube-proxy's loadConfig reads it: strictly, else leniently (first document, last repeated key).</summary>
public sealed class KubeProxyConfigTests
{
    [Theory]
    [InlineData("mode: ipvs\nipvs:\n  strictARP: true\n  strictARP: false\n", false, "ipvs.strictARP is written twice")]
    [InlineData("mode: ipvs\nipvs:\n  strictARP: false\n  strictARP: true\n", true, "ipvs.strictARP is written twice")]
    // A repeated mapping replaces the earlier one whole: its strictARP is gone with it.
    [InlineData("mode: ipvs\nipvs:\n  strictARP: true\nipvs:\n  scheduler: rr\n", null, "ipvs is written twice")]
    [InlineData("mode: ipvs\nipvs:\n  strictARP: true\n---\nmode: iptables\nipvs:\n  strictARP: false\n", true, "2 YAML documents")]
    public void Lenient_reading_keeps_what_kube_proxy_keeps_and_says_why(string text, bool? strict, string ambiguity)
    {
        Assert.True(KubeProxyConfig.TryParse(text, out var config, out var error), error);
        Assert.Equal(strict, config.StrictArp);
        Assert.Equal(ProxyMode.Ipvs, config.Mode);
        Assert.Contains(config.Ambiguities, a => a.Contains(ambiguity, StringComparison.Ordinal));
    }

    [Fact]
    public void An_ordinary_file_has_no_ambiguity()
    {
        Assert.True(KubeProxyConfig.TryParse("mode: ipvs\nipvs:\n  strictARP: true\n", out var config, out _));
        Assert.Empty(config.Ambiguities);
    }

    [Theory]
    [InlineData("mode: ipvs\nipvs: [\n")]
    [InlineData("- a\n- b\n")]
    public void Text_that_is_not_a_config_is_still_an_error(string text)
    {
        Assert.False(KubeProxyConfig.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    // The YAML→JSON step keeps a quoted scalar a string and 1 a number; neither decodes into kube-proxy's bool.
    [InlineData("ipvs:\n  strictARP: \"true\"\n", "line 2: ipvs.strictARP \"true\" is a quoted string, not a boolean")]
    [InlineData("ipvs:\n  strictARP: 'false'\n", "ipvs.strictARP 'false' is a quoted string, not a boolean")]
    [InlineData("ipvs:\n  strictARP: 1\n", "ipvs.strictARP 1 is a number, not a boolean")]
    [InlineData("ipvs:\n  strictARP: enabled\n", "ipvs.strictARP enabled is a string, not a boolean")]
    [InlineData("ipvs:\n  strictARP: [true]\n", "ipvs.strictARP is a sequence, not a boolean")]
    [InlineData("ipvs: true\n", "ipvs is a boolean, where kube-proxy wants a mapping")]
    public void A_value_of_the_wrong_type_is_what_kube_proxy_cannot_decode(string text, string error)
    {
        Assert.False(KubeProxyConfig.TryParse(text, out _, out var why));
        Assert.Contains(error, why);
    }

    [Theory]
    [InlineData("ipvs:\n")]
    [InlineData("ipvs: null\n")]
    public void An_empty_ipvs_section_is_kube_proxy_s_defaults(string text)
    {
        Assert.True(KubeProxyConfig.TryParse(text, out var config, out var error), error);
        Assert.False(config.EffectiveStrictArp);
    }

    [Fact]
    public void The_editor_refuses_a_file_kube_proxy_reads_differently_to_a_person()
    {
        var text = "mode: ipvs\nipvs:\n  strictARP: true\n  strictARP: false\n";
        var edit = StrictArpEditor.Set(text, true);
        Assert.Equal(StrictArpEditKind.Failed, edit.Kind);
        Assert.Contains("written twice", edit.Error);
        Assert.Equal(text, edit.NewText);
    }
}
