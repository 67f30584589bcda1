using System.Text.Json.Nodes;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// charts/arpdoctor under the real helm (artifacts/tools, scripts/k8s-tools.sh): lint, the render deploy/ is made
/// from (no drift), release-scoped names, values that reach the manifests, the schema, and the Operator's objects
/// off by default and refused with a clear message where its CRDs are missing.
/// </summary>
public sealed class HelmChartTests
{
    internal static readonly string Chart = Path.Combine(YamlDocs.RepoRoot, "charts", "arpdoctor");
    internal static readonly string[] OperatorApis = ["--api-versions", "monitoring.coreos.com/v1/ServiceMonitor", "--api-versions", "monitoring.coreos.com/v1/PrometheusRule"];

    internal static CommandResult Helm(params string[] args) =>
        CommandRunner.Run(Requirements.KubernetesTool("helm"), args, TimeSpan.FromMinutes(2));

    internal static string Template(string release = "arpdoctor", string ns = "arpdoctor", params string[] extra)
    {
        var r = Helm(["template", release, Chart, "--namespace", ns, .. extra]);
        Assert.True(r.Succeeded, r.StandardError);
        return r.StandardOutput;
    }

    private static List<JsonObject> Render(params string[] extra) => YamlDocs.Parse(Template("arpdoctor", "arpdoctor", extra));

    private static JsonNode PodSpec(List<JsonObject> docs) => ManifestChecks.Single(docs, "DaemonSet")["spec"]!["template"]!["spec"]!;

    [SkippableFact]
    public void The_chart_lints()
    {
        var r = Helm("lint", Chart);
        Assert.True(r.Succeeded, r.StandardOutput + r.StandardError);
        var everything = Helm("lint", Chart, "--set", "agent.interface={eth0,eth1}", "--set", "priorityClassName=system-node-critical", "--set", "grafanaDashboard.enabled=false");
        Assert.True(everything.Succeeded, everything.StandardOutput + everything.StandardError);
    }

    [SkippableFact]
    public void deploy_is_the_charts_render_with_no_drift()
    {
        // scripts/render-deploy.sh writes these; run it after changing the chart.
        const string header = "# Generated from charts/arpdoctor by scripts/render-deploy.sh; edit the chart, not this file.\n";
        Assert.Equal(header + Template(), File.ReadAllText(Path.Combine(YamlDocs.RepoRoot, "deploy", "arpdoctor.yaml")));
        var monitoring = Template("arpdoctor", "arpdoctor", ["--set", "serviceMonitor.enabled=true", "--set", "prometheusRule.enabled=true", .. OperatorApis,
            "--show-only", "templates/servicemonitor.yaml", "--show-only", "templates/prometheusrule.yaml"]);
        Assert.Equal(header + "# kubectl apply -f deploy/monitoring.yaml   (needs the Prometheus Operator's CRDs)\n" + monitoring,
            File.ReadAllText(Path.Combine(YamlDocs.RepoRoot, "deploy", "monitoring.yaml")));
    }

    [SkippableFact]
    public void Objects_carry_the_standard_labels_and_two_releases_do_not_collide()
    {
        var docs = Render();
        Assert.All(docs, d =>
        {
            var labels = d["metadata"]!["labels"]!.AsObject();
            Assert.Equal("arpdoctor", labels["app.kubernetes.io/instance"].Str());
            Assert.Equal("Helm", labels["app.kubernetes.io/managed-by"].Str());
            Assert.Equal("arpdoctor-0.1.0", labels["helm.sh/chart"].Str());
        });
        var other = YamlDocs.Parse(Template("edge", "monitoring"));
        Assert.NotEqual(ManifestChecks.Single(docs, "ClusterRole")["metadata"]!["name"].Str(), ManifestChecks.Single(other, "ClusterRole")["metadata"]!["name"].Str());
        Assert.Equal("edge-arpdoctor-agent", ManifestChecks.Single(other, "ClusterRoleBinding")["roleRef"]!["name"].Str());
        Assert.Equal("monitoring", ManifestChecks.Single(other, "ClusterRoleBinding")["subjects"]!.AsArray()[0]!["namespace"].Str());
        // The Service selects this release's pods only.
        Assert.Equal("edge", ManifestChecks.Single(other, "Service")["spec"]!["selector"]!["app.kubernetes.io/instance"].Str());
    }

    [SkippableFact]
    public void Defaults_are_safe_where_quotas_and_the_Operator_are_absent()
    {
        var docs = Render();
        var kinds = docs.Select(d => d["kind"].Str()).ToList();
        Assert.DoesNotContain("ServiceMonitor", kinds);
        Assert.DoesNotContain("PrometheusRule", kinds);
        var pod = PodSpec(docs);
        Assert.Null(pod["priorityClassName"]);
        Assert.Equal("linux", pod["nodeSelector"]!["kubernetes.io/os"].Str());
        ManifestChecks.LeastPrivilege(ManifestChecks.Single(docs, "ClusterRole"));
        ManifestChecks.SafeDaemonSet(ManifestChecks.Single(docs, "DaemonSet"), "arpdoctor-agent");
    }

    [SkippableFact]
    public void The_Operators_objects_are_refused_with_a_reason_where_its_CRDs_are_missing_and_carry_extra_labels_where_they_are()
    {
        var refused = Helm("template", "arpdoctor", Chart, "--set", "serviceMonitor.enabled=true");
        Assert.False(refused.Succeeded);
        Assert.Contains("install the Prometheus Operator's CRDs first", refused.StandardError);
        var docs = Render(["--set", "serviceMonitor.enabled=true", "--set", "prometheusRule.enabled=true",
            "--set", "serviceMonitor.additionalLabels.release=kube-prometheus-stack", "--set", "prometheusRule.additionalLabels.release=kube-prometheus-stack", .. OperatorApis]);
        Assert.Equal("kube-prometheus-stack", ManifestChecks.Single(docs, "ServiceMonitor")["metadata"]!["labels"]!["release"].Str());
        Assert.Equal("kube-prometheus-stack", ManifestChecks.Single(docs, "PrometheusRule")["metadata"]!["labels"]!["release"].Str());
        ManifestChecks.ScrapedAsServed(ManifestChecks.Single(docs, "DaemonSet"), ManifestChecks.Single(docs, "Service"), ManifestChecks.Single(docs, "ServiceMonitor"));
    }

    [SkippableFact]
    public void Values_reach_the_DaemonSet()
    {
        var docs = Render("--set", "agent.interval=10s", "--set", "agent.interface={eth0,bond0}", "--set", "metrics.port=9500", "--set", "image.tag=1.2.3",
            "--set", "nodeSelector.role=edge", "--set", "imagePullSecrets[0].name=registry", "--set", "podAnnotations.team=net",
            "--set", "priorityClassName=system-node-critical", "--set", "podSecurityContext.runAsUser=0", "--set", "podSecurityContext.runAsNonRoot=false",
            "--set", "tolerations=null");
        var pod = PodSpec(docs);
        var container = pod["containers"]!.AsArray()[0]!;
        var args = container["args"].Strs();
        Assert.Equal("10s", args[Array.IndexOf(args, "--interval") + 1]);
        Assert.Equal(["eth0", "bond0"], args.Select((a, i) => (a, i)).Where(x => x.a == "--interface").Select(x => args[x.i + 1]));
        Assert.Equal(":9500", args[Array.IndexOf(args, "--listen") + 1]);
        Assert.Equal("arpdoctor/arpdoctor:1.2.3", container["image"].Str());
        Assert.Equal("edge", pod["nodeSelector"]!["role"].Str());
        Assert.Equal("registry", pod["imagePullSecrets"]!.AsArray()[0]!["name"].Str());
        Assert.Equal("net", ManifestChecks.Single(docs, "DaemonSet")["spec"]!["template"]!["metadata"]!["annotations"]!["team"].Str());
        Assert.Equal("system-node-critical", pod["priorityClassName"].Str());
        Assert.Equal(0, pod["securityContext"]!["runAsUser"]!.GetValue<long>());
        Assert.False(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.Null(pod["tolerations"]);
        // A comma string works too, for values files written that way.
        var comma = PodSpec(Render("--set-string", "agent.interface=eth0\\,eth1"))["containers"]!.AsArray()[0]!["args"].Strs();
        Assert.Equal(2, comma.Count(a => a == "--interface"));
    }

    [SkippableTheory]
    [InlineData("agent.rate=0")]
    [InlineData("metrics.port=70000")]
    [InlineData("agent.interval=soon")]
    // Zero is refused by the agent (--interval and --event-interval are at least 1s): the pods would crash-loop.
    [InlineData("agent.interval=0s")]
    [InlineData("agent.eventInterval=0m")]
    [InlineData("serviceMonitor.enable=true")]
    [InlineData("prometheusRule.runbookUrl=docs/agent.md")]
    [InlineData("prometheusRule.runbookUrl=https://git.example/platform/arpdoctor/docs/agent.md#alerts")]
    public void The_schema_refuses_values_the_agent_would_refuse(string value)
    {
        var r = Helm("template", "arpdoctor", Chart, "--set", value);
        Assert.False(r.Succeeded, $"{value} was accepted");
        Assert.Contains("schema", r.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task The_alerts_and_the_dashboard_use_only_metrics_the_agent_exports()
    {
        var exported = await ManifestChecks.ExportedMetricNamesAsync();
        var docs = YamlDocs.Load(Path.Combine(YamlDocs.RepoRoot, "deploy", "monitoring.yaml"));
        ManifestChecks.Alerts(ManifestChecks.Single(docs, "PrometheusRule"), exported);
        var cm = ManifestChecks.Single(Render(), "ConfigMap");
        var dashboard = JsonNode.Parse(cm["data"]!["arpdoctor.json"].Str())!;
        var exprs = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => t!["expr"].Str()).ToList();
        foreach (var e in exprs) ManifestChecks.MetricsNamed(e, exported);
    }

    [SkippableFact]
    public void With_a_runbook_URL_every_alert_points_at_its_own_heading_in_the_docs()
    {
        var docs = Render(["--set", "prometheusRule.enabled=true", "--set", "prometheusRule.runbookUrl=https://docs.example/agent.md", .. OperatorApis]);
        var rules = ManifestChecks.Single(docs, "PrometheusRule")["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).ToList();
        var headings = File.ReadAllLines(Path.Combine(YamlDocs.RepoRoot, "docs", "agent.md"))
            .Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim().ToLowerInvariant()).ToHashSet();
        Assert.All(rules, r =>
        {
            var url = r!["annotations"]!["runbook_url"].Str();
            Assert.Equal($"https://docs.example/agent.md#{r["alert"].Str().ToLowerInvariant()}", url);
            Assert.Contains(r["alert"].Str().ToLowerInvariant(), headings);
        });
        Assert.Null(ManifestChecks.Single(Render(["--set", "prometheusRule.enabled=true", .. OperatorApis]), "PrometheusRule")["spec"]!["groups"]!.AsArray()[0]!["rules"]!.AsArray()[0]!["annotations"]!["runbook_url"]);
    }
}
