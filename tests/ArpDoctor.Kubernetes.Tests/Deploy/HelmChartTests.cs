using System.Text.Json.Nodes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// charts/arpdoctor rendered with the test renderer (no helm binary here): the same objects and guarantees as
/// deploy/, values that reach the manifests, and optional parts that switch off.
/// </summary>
public sealed class HelmChartTests
{
    private static readonly string Chart = Path.Combine(YamlDocs.RepoRoot, "charts", "arpdoctor");
    private const string Namespace = "monitoring";

    private static List<JsonObject> Render(Action<JsonObject>? set = null)
    {
        var values = MiniHelm.DefaultValues(Chart);
        set?.Invoke(values);
        var helm = new MiniHelm(Chart, values, Namespace);
        return Directory.GetFiles(Path.Combine(Chart, "templates"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => YamlDocs.Parse(helm.Render(File.ReadAllText(f)))).ToList();
    }

    private static List<JsonObject> Deploy() =>
        Directory.GetFiles(Path.Combine(YamlDocs.RepoRoot, "deploy"), "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)).SelectMany(YamlDocs.Load).ToList();

    [Fact]
    public void The_chart_renders_the_objects_of_deploy_except_the_Namespace_plus_the_dashboard_ConfigMap()
    {
        var kinds = Render().Select(d => d["kind"].Str()).Order().ToList();
        var expected = Deploy().Select(d => d["kind"].Str()).Where(k => k != "Namespace").Append("ConfigMap").Order().ToList();
        Assert.Equal(expected, kinds);
        Assert.All(Render().Where(d => d["metadata"]!["namespace"] is not null), d => Assert.Equal(Namespace, d["metadata"]!["namespace"].Str()));
    }

    [Fact]
    public void RBAC_and_the_security_context_are_those_of_deploy()
    {
        var docs = Render();
        ManifestChecks.LeastPrivilege(ManifestChecks.Single(docs, "ClusterRole"));
        ManifestChecks.SafeDaemonSet(ManifestChecks.Single(docs, "DaemonSet"), "arpdoctor-agent");
        ManifestChecks.ScrapedAsServed(ManifestChecks.Single(docs, "DaemonSet"), ManifestChecks.Single(docs, "Service"), ManifestChecks.Single(docs, "ServiceMonitor"));
        var binding = ManifestChecks.Single(docs, "ClusterRoleBinding");
        Assert.Equal(Namespace, binding["subjects"]!.AsArray()[0]!["namespace"].Str());
        var chartDs = ManifestChecks.Single(docs, "DaemonSet")["spec"]!["template"]!["spec"]!;
        var deployDs = ManifestChecks.Single(Deploy(), "DaemonSet")["spec"]!["template"]!["spec"]!;
        Assert.True(JsonNode.DeepEquals(deployDs["securityContext"], chartDs["securityContext"]));
        Assert.True(JsonNode.DeepEquals(deployDs["containers"]!.AsArray()[0]!["securityContext"], chartDs["containers"]!.AsArray()[0]!["securityContext"]));
        Assert.True(JsonNode.DeepEquals(deployDs["containers"]!.AsArray()[0]!["resources"], chartDs["containers"]!.AsArray()[0]!["resources"]));
    }

    [Fact]
    public async Task The_alerts_reach_Prometheus_with_its_own_templates_unrendered()
    {
        var rule = ManifestChecks.Single(Render(), "PrometheusRule");
        ManifestChecks.Alerts(rule, await ManifestChecks.ExportedMetricNamesAsync());
        Assert.True(JsonNode.DeepEquals(ManifestChecks.Single(Deploy(), "PrometheusRule")["spec"], rule["spec"]));
    }

    [Fact]
    public void Values_reach_the_DaemonSet()
    {
        var ds = ManifestChecks.Single(Render(v =>
        {
            v["agent"]!["interval"] = "10s";
            v["agent"]!["interface"] = "bond0";
            v["metrics"]!["port"] = 9500;
            v["image"]!["tag"] = "1.2.3";
        }), "DaemonSet");
        var container = ds["spec"]!["template"]!["spec"]!["containers"]!.AsArray()[0]!;
        var args = container["args"].Strs();
        Assert.Equal("10s", args[Array.IndexOf(args, "--interval") + 1]);
        Assert.Equal("bond0", args[Array.IndexOf(args, "--interface") + 1]);
        Assert.Equal(":9500", args[Array.IndexOf(args, "--listen") + 1]);
        Assert.Equal("arpdoctor/arpdoctor:1.2.3", container["image"].Str());
        Assert.DoesNotContain("--interface", ManifestChecks.Single(Render(), "DaemonSet")["spec"]!["template"]!["spec"]!["containers"]!.AsArray()[0]!["args"].Strs());
        Assert.Equal("arpdoctor/arpdoctor:0.1.0", ManifestChecks.Single(Render(), "DaemonSet")["spec"]!["template"]!["spec"]!["containers"]!.AsArray()[0]!["image"].Str());
    }

    [Fact]
    public void ServiceMonitor_PrometheusRule_and_dashboard_can_be_switched_off()
    {
        var kinds = Render(v =>
        {
            v["serviceMonitor"]!["enabled"] = false;
            v["prometheusRule"]!["enabled"] = false;
            v["grafanaDashboard"]!["enabled"] = false;
        }).Select(d => d["kind"].Str()).ToList();
        Assert.DoesNotContain("ServiceMonitor", kinds);
        Assert.DoesNotContain("PrometheusRule", kinds);
        Assert.DoesNotContain("ConfigMap", kinds);
        Assert.Contains("DaemonSet", kinds);
    }

    [Fact]
    public void The_dashboard_ConfigMap_carries_the_dashboard_of_deploy()
    {
        var cm = ManifestChecks.Single(Render(), "ConfigMap");
        var embedded = JsonNode.Parse(cm["data"]!["arpdoctor.json"].Str());
        var deployed = JsonNode.Parse(File.ReadAllText(Path.Combine(YamlDocs.RepoRoot, "deploy", "grafana-dashboard.json")));
        Assert.True(JsonNode.DeepEquals(deployed, embedded));
    }

    [Fact]
    public void The_renderer_refuses_what_it_does_not_know()
    {
        var helm = new MiniHelm(Chart, MiniHelm.DefaultValues(Chart), Namespace);
        Assert.Throws<NotSupportedException>(() => helm.Render("x: {{ include \"arpdoctor.labels\" . }}"));
        Assert.Throws<NotSupportedException>(() => helm.Render("x: {{ .Values.agent.rate | upper }}"));
        Assert.Equal("a: \"50\"\nb: 9464", helm.Render("a: {{ .Values.agent.rate | quote }}\n{{- if .Values.metrics.port }}\nb: {{ .Values.metrics.port }}\n{{- end }}"));
    }
}
