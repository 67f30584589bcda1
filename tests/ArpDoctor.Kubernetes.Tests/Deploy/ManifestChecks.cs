using System.Text.Json.Nodes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>What must hold for the agent's objects, whether they come from deploy/ or from the Helm chart.</summary>
internal static class ManifestChecks
{
    public static JsonObject Single(IEnumerable<JsonObject> docs, string kind) =>
        Assert.Single(docs, d => d["kind"].Str() == kind);

    /// <summary>Services, Nodes, ServiceL2Status read; Events created and patched; nothing else.</summary>
    public static void LeastPrivilege(JsonObject clusterRole)
    {
        var grants = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rule in clusterRole["rules"]!.AsArray())
        {
            Assert.Null(rule!["resourceNames"]);
            Assert.Null(rule["nonResourceURLs"]);
            foreach (var g in rule["apiGroups"].Strs())
                foreach (var r in rule["resources"].Strs())
                    foreach (var v in rule["verbs"].Strs())
                        grants.Add($"{g}/{r}:{v}");
        }
        Assert.DoesNotContain(grants, g => g.Contains('*', StringComparison.Ordinal));
        Assert.Equal(new SortedSet<string>(StringComparer.Ordinal)
        {
            "/services:list", "/services:watch",
            "/nodes:list",
            "metallb.io/servicel2statuses:list",
            "/events:create", "/events:patch",
        }, grants);
    }

    /// <summary>hostNetwork; only NET_RAW added, everything else dropped; non-root; read-only root; requests and limits; the node name passed.</summary>
    public static void SafeDaemonSet(JsonObject daemonSet, string serviceAccount)
    {
        var pod = daemonSet["spec"]!["template"]!["spec"]!;
        Assert.True(pod["hostNetwork"]!.GetValue<bool>());
        Assert.Equal(serviceAccount, pod["serviceAccountName"].Str());
        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.NotEqual(0, pod["securityContext"]!["runAsUser"]!.GetValue<long>());
        Assert.Null(pod["hostPID"]);
        Assert.Null(pod["volumes"]);
        var container = Assert.Single(pod["containers"]!.AsArray())!;
        var sc = container["securityContext"]!;
        Assert.False(sc["privileged"]!.GetValue<bool>());
        Assert.True(sc["readOnlyRootFilesystem"]!.GetValue<bool>());
        // runAsNonRoot is the pod's (above) alone: a container-level copy kept the chart from running as root when asked to.
        Assert.Null(sc["runAsNonRoot"]);
        Assert.Equal(["ALL"], sc["capabilities"]!["drop"].Strs());
        Assert.Equal(["NET_RAW"], sc["capabilities"]!["add"].Strs());
        foreach (var kind in new[] { "requests", "limits" })
            foreach (var resource in new[] { "cpu", "memory" })
                Assert.False(string.IsNullOrEmpty(container["resources"]![kind]![resource].Str()), $"{kind}.{resource}");
        // bench/agent measures 110-116 MiB resident for 500 VIPs with the single-file image: the request must
        // cover it and the limit leave room above it.
        var requested = Mebibytes(container["resources"]!["requests"]!["memory"].Str());
        var limit = Mebibytes(container["resources"]!["limits"]!["memory"].Str());
        Assert.True(requested >= 128, $"memory request {requested} MiB is below the 110-116 MiB the agent uses");
        Assert.True(limit >= requested * 1.25, $"memory limit {limit} MiB leaves no room above the request");
        var nodeName = Assert.Single(container["env"]!.AsArray(), e => e!["name"].Str() == "NODE_NAME")!;
        Assert.Equal("spec.nodeName", nodeName["valueFrom"]!["fieldRef"]!["fieldPath"].Str());
        Assert.Equal("agent", container["args"]!.AsArray()[0].Str());
        Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"].Str());
        Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"].Str());
    }

    /// <summary>The metrics Service and the ServiceMonitor find the DaemonSet's pods on the port <c>--listen</c> names.</summary>
    public static void ScrapedAsServed(JsonObject daemonSet, JsonObject service, JsonObject serviceMonitor)
    {
        var template = daemonSet["spec"]!["template"]!;
        var podLabels = template["metadata"]!["labels"]!.AsObject();
        foreach (var (k, v) in service["spec"]!["selector"]!.AsObject())
            Assert.Equal(v.Str(), podLabels[k].Str());
        var container = template["spec"]!["containers"]!.AsArray()[0]!;
        var args = container["args"].Strs();
        var listen = args[Array.IndexOf(args, "--listen") + 1];
        var port = Assert.Single(container["ports"]!.AsArray())!;
        Assert.Equal(listen, $":{port["containerPort"]!.GetValue<long>()}");
        Assert.Equal(port["name"].Str(), service["spec"]!["ports"]!.AsArray()[0]!["targetPort"].Str());
        var serviceLabels = service["metadata"]!["labels"]!.AsObject();
        foreach (var (k, v) in serviceMonitor["spec"]!["selector"]!["matchLabels"]!.AsObject())
            Assert.Equal(v.Str(), serviceLabels[k].Str());
        Assert.Equal(service["spec"]!["ports"]!.AsArray()[0]!["name"].Str(), serviceMonitor["spec"]!["endpoints"]!.AsArray()[0]!["port"].Str());
        Assert.Equal("/metrics", serviceMonitor["spec"]!["endpoints"]!.AsArray()[0]!["path"].Str());
    }

    /// <summary>The alerts exist, and every ArpDoctor metric any expression names is one the agent exports.</summary>
    public static void Alerts(JsonObject rule, ISet<string> exported)
    {
        var rules = rule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).ToList();
        Assert.Equal(["ArpDoctorAgentInterfaceDown", "ArpDoctorAgentMissing", "ArpDoctorAgentsAbsent", "ArpDoctorVipConflict", "ArpDoctorVipWinnerChangedWithoutFailover"], rules.Select(r => r!["alert"].Str()).Order());
        foreach (var r in rules)
        {
            MetricsNamed(r!["expr"].Str(), exported);
            Assert.False(string.IsNullOrEmpty(r["annotations"]!["summary"].Str()));
        }
        Assert.Contains("cause=\"flap\"", rules.Single(r => r!["alert"].Str() == "ArpDoctorVipWinnerChangedWithoutFailover")!["expr"].Str());
    }

    public static void MetricsNamed(string expr, ISet<string> exported)
    {
        var names = System.Text.RegularExpressions.Regex.Matches(expr, @"arpdoctor_[a-z_]+").Select(m => m.Value).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names) Assert.Contains(name, exported);
    }

    public static async Task<HashSet<string>> ExportedMetricNamesAsync()
    {
        var text = await new ArpDoctor.Agent.AgentMetrics("n1", "0.1.0").ExportAsync();
        return text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);
    }

    private static double Mebibytes(string quantity) => quantity switch
    {
        _ when quantity.EndsWith("Mi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture),
        _ when quantity.EndsWith("Gi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024,
        _ => throw new FormatException($"memory quantity {quantity}: expected Mi or Gi"),
    };
}
