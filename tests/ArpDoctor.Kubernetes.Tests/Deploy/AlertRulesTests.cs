using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// The shipped alerts (deploy/monitoring.yaml, rendered from the chart) under the real <c>promtool test rules</c> (Debian's prometheus package): they fire on conflict and
/// flap, stay silent on healthy, failover and the fix, and name the VIP's own Service, under plain scrape labels and under
/// the Prometheus Operator's (a ServiceMonitor sets namespace and service on every target; the metrics use neither).
/// </summary>
public sealed class AlertRulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, string> TargetLabels => new()
    {
        { "plain Prometheus", "job=\"arpdoctor\", instance=\"192.0.2.11:9464\"", "job=\"arpdoctor\", instance=\"192.0.2.12:9464\"" },
        { "Prometheus Operator",
            "job=\"arpdoctor-agent-metrics\", instance=\"192.0.2.11:9464\", namespace=\"arpdoctor\", service=\"arpdoctor-agent-metrics\", pod=\"arpdoctor-agent-7x2kq\", endpoint=\"metrics\", container=\"agent\"",
            "job=\"arpdoctor-agent-metrics\", instance=\"192.0.2.12:9464\", namespace=\"arpdoctor\", service=\"arpdoctor-agent-metrics\", pod=\"arpdoctor-agent-9fj4w\", endpoint=\"metrics\", container=\"agent\"" },
    };

    [SkippableTheory]
    [MemberData(nameof(TargetLabels))]
    public void The_alerts_fire_on_conflict_and_flap_only_naming_the_VIPs_Service(string scrape, string node1, string node2)
    {
        Requirements.Tool("promtool");
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), RulesOf(Path.Combine(YamlDocs.RepoRoot, "deploy", "monitoring.yaml")));
        var test = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "alerts", "alerts-test.yaml.in"))
            .Replace("TARGET_LABELS_N1", node1, StringComparison.Ordinal).Replace("TARGET_LABELS_N2", node2, StringComparison.Ordinal);
        var testFile = Path.Combine(_dir, "alerts-test.yaml");
        File.WriteAllText(testFile, test);
        var r = CommandRunner.Run("promtool", ["test", "rules", testFile], TimeSpan.FromSeconds(60));
        Assert.True(r.Succeeded, $"{scrape}:\n{r.StandardOutput}\n{r.StandardError}");
    }

    [SkippableFact]
    public void The_rules_pass_promtool_check()
    {
        Requirements.Tool("promtool");
        var rules = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(rules, RulesOf(Path.Combine(YamlDocs.RepoRoot, "deploy", "monitoring.yaml")));
        var r = CommandRunner.Run("promtool", ["check", "rules", rules], TimeSpan.FromSeconds(60));
        Assert.True(r.Succeeded, r.StandardOutput + r.StandardError);
    }

    /// <summary>The PrometheusRule's <c>spec</c> (its <c>groups</c>), as the plain rules file promtool reads.</summary>
    private static string RulesOf(string prometheusRule)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(prometheusRule)));
        var rule = stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()
            .Single(m => m.Children.TryGetValue(new YamlScalarNode("kind"), out var k) && k.ToString() == "PrometheusRule");
        var spec = rule.Children[new YamlScalarNode("spec")];
        var output = new YamlStream(new YamlDocument(spec));
        using var writer = new StringWriter();
        output.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
