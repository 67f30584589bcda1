using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// deploy/ (rendered from the chart by scripts/render-deploy.sh; HelmChartTests checks it has not drifted): every
/// manifest parses, and RBAC, the security context and the scrape path are what they must be.
/// </summary>
public sealed class DeployManifestTests
{
    private static readonly string Dir = Path.Combine(YamlDocs.RepoRoot, "deploy");

    private static List<JsonObject> All() =>
        Directory.GetFiles(Dir, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").SelectMany(YamlDocs.Load).ToList();

    [Fact]
    public void Every_manifest_parses_and_has_kind_apiVersion_and_name()
    {
        var docs = All();
        Assert.Equal(["ClusterRole", "ClusterRoleBinding", "ConfigMap", "DaemonSet", "Namespace", "PrometheusRule", "Service", "ServiceAccount", "ServiceMonitor"],
            docs.Select(d => d["kind"].Str()).Order());
        foreach (var d in docs)
        {
            Assert.False(string.IsNullOrEmpty(d["apiVersion"].Str()));
            Assert.False(string.IsNullOrEmpty(d["metadata"]!["name"].Str()));
            if (d["kind"].Str() is not ("Namespace" or "ClusterRole" or "ClusterRoleBinding"))
                Assert.Equal("arpdoctor", d["metadata"]!["namespace"].Str());
        }
    }

    [Fact]
    public void The_kustomization_applies_the_namespace_and_the_agent_and_leaves_the_Operators_objects_apart()
    {
        var k = Assert.Single(YamlDocs.Load(Path.Combine(Dir, "kustomization.yaml")));
        Assert.Equal(["arpdoctor.yaml", "namespace.yaml"], k["resources"].Strs().Order());
        Assert.True(File.Exists(Path.Combine(Dir, "monitoring.yaml")));
    }

    [Fact]
    public void The_command_line_roles_are_valid_ClusterRoles_apart_from_the_agents_kustomization()
    {
        var roles = YamlDocs.Load(Fakes.CliRoles.File);
        Assert.Equal(["arpdoctor-check", "arpdoctor-doctor-agent", "arpdoctor-doctor-pod", "arpdoctor-fix", "arpdoctor-locate"], roles.Select(r => r["metadata"]!["name"].Str()).Order());
        Assert.All(roles, r => Assert.Equal("ClusterRole", r["kind"].Str()));
        Assert.Empty(roles.SelectMany(KubernetesSchemas.Errors));
        Assert.DoesNotContain("rbac", YamlDocs.Load(Path.Combine(Dir, "kustomization.yaml")).Single()["resources"].Strs().Select(f => f.Split('/')[0]));
    }

    [Fact]
    public void The_ClusterRole_grants_only_what_the_agent_needs() =>
        ManifestChecks.LeastPrivilege(ManifestChecks.Single(All(), "ClusterRole"));

    [Fact]
    public void The_binding_gives_the_role_to_the_agents_ServiceAccount()
    {
        var docs = All();
        var binding = ManifestChecks.Single(docs, "ClusterRoleBinding");
        var account = ManifestChecks.Single(docs, "ServiceAccount");
        Assert.Equal(ManifestChecks.Single(docs, "ClusterRole")["metadata"]!["name"].Str(), binding["roleRef"]!["name"].Str());
        var subject = Assert.Single(binding["subjects"]!.AsArray())!;
        Assert.Equal((account["metadata"]!["name"].Str(), account["metadata"]!["namespace"].Str()), (subject["name"].Str(), subject["namespace"].Str()));
    }

    [Fact]
    public void The_DaemonSet_adds_only_NET_RAW_and_runs_non_root_read_only_with_limits() =>
        ManifestChecks.SafeDaemonSet(ManifestChecks.Single(All(), "DaemonSet"), "arpdoctor-agent");

    [Fact]
    public void Prometheus_scrapes_the_port_the_agent_listens_on()
    {
        var docs = All();
        ManifestChecks.ScrapedAsServed(ManifestChecks.Single(docs, "DaemonSet"), ManifestChecks.Single(docs, "Service"), ManifestChecks.Single(docs, "ServiceMonitor"));
    }

    [Fact]
    public async Task The_alerts_use_metrics_the_agent_exports()
    {
        ManifestChecks.Alerts(ManifestChecks.Single(All(), "PrometheusRule"), await ManifestChecks.ExportedMetricNamesAsync());
    }

    [Fact]
    public async Task The_dashboard_parses_and_queries_only_exported_metrics()
    {
        var exported = await ManifestChecks.ExportedMetricNamesAsync();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(YamlDocs.RepoRoot, "charts", "arpdoctor", "dashboards", "arpdoctor.json")));
        var panels = doc.RootElement.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 6);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var p in panels)
            foreach (var t in p.GetProperty("targets").EnumerateArray())
                ManifestChecks.MetricsNamed(t.GetProperty("expr").GetString()!, exported);
        var all = string.Join(' ', panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()));
        foreach (var required in new[] { "arpdoctor_vip_responders", "arpdoctor_vip_winner_changes_total", "arpdoctor_node_answers_vip", "arpdoctor_node_strict_arp", "arpdoctor_agent_probes_total" })
            Assert.Contains(required, all);
    }
}
