using System.Text.Json.Nodes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// Every object the chart renders (default values and each values file in charts/arpdoctor/ci, which switch on the
/// ServiceMonitor and the PrometheusRule among others) and every manifest in deploy/ matches the real schema of its
/// kind, strictly: no unknown field, no wrong type, nothing required missing (KubernetesSchemas; the schemas'
/// sources are named in TestData/schemas/README.md). The negative cases prove the check catches what it is for.
/// </summary>
public sealed class ManifestSchemaTests
{
    private static readonly string Deploy = Path.Combine(YamlDocs.RepoRoot, "deploy");

    private static IEnumerable<string> ValuesFileNames() =>
        Directory.GetFiles(Path.Combine(HelmChartTests.Chart, "ci"), "*-values.yaml").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal);

    public static TheoryData<string> ValuesFiles() => new(ValuesFileNames());

    private static List<JsonObject> DeployManifests() =>
        Directory.GetFiles(Deploy, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").SelectMany(YamlDocs.Load).ToList();

    private static void AllValid(IEnumerable<JsonObject> docs, string what)
    {
        var errors = docs.SelectMany(d => KubernetesSchemas.Errors(d).Select(e => $"{d["kind"].Str()} {d["metadata"]!["name"].Str()}: {e}")).ToList();
        Assert.True(errors.Count == 0, $"{what}:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void Every_manifest_in_deploy_matches_its_schema_and_every_schema_is_used()
    {
        var docs = DeployManifests();
        AllValid(docs, "deploy/");
        // deploy/ holds one object of each kind the schemas cover: none of them goes unchecked, none is unneeded.
        Assert.Equal(KubernetesSchemas.Kinds.Order(StringComparer.Ordinal),
            docs.Select(d => $"{d["apiVersion"].Str()}/{d["kind"].Str()}").Distinct().Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void Every_object_the_default_values_render_matches_its_schema() =>
        AllValid(YamlDocs.Parse(HelmChartTests.Template()), "default values");

    [SkippableTheory]
    [MemberData(nameof(ValuesFiles))]
    public void Every_values_file_lints_and_renders_objects_that_match_their_schemas(string valuesFile)
    {
        var values = Path.Combine(HelmChartTests.Chart, "ci", valuesFile);
        var lint = HelmChartTests.Helm("lint", HelmChartTests.Chart, "-f", values);
        Assert.True(lint.Succeeded, lint.StandardOutput + lint.StandardError);
        var docs = YamlDocs.Parse(HelmChartTests.Template("arpdoctor", "arpdoctor", ["-f", values, .. HelmChartTests.OperatorApis]));
        Assert.NotEmpty(docs);
        AllValid(docs, valuesFile);
    }

    [SkippableFact]
    public void The_values_files_switch_on_the_Operators_objects()
    {
        var kinds = ValuesFileNames().SelectMany(f => YamlDocs.Parse(HelmChartTests.Template("arpdoctor", "arpdoctor",
            ["-f", Path.Combine(HelmChartTests.Chart, "ci", f), .. HelmChartTests.OperatorApis]))).Select(d => d["kind"].Str()).ToHashSet();
        Assert.Contains("ServiceMonitor", kinds);
        Assert.Contains("PrometheusRule", kinds);
    }

    [SkippableFact]
    public void A_template_with_a_misspelt_field_or_a_quoted_port_fails_the_check()
    {
        // A copy of the chart with two mistakes that helm itself lets through.
        var copy = Directory.CreateTempSubdirectory("arpdoctor-chart-");
        try
        {
            CopyDirectory(HelmChartTests.Chart, copy.FullName);
            var template = Path.Combine(copy.FullName, "templates", "daemonset.yaml");
            var text = File.ReadAllText(template);
            Assert.Contains("      nodeSelector:", text);
            Assert.Contains("containerPort: {{ .Values.metrics.port }}", text);
            File.WriteAllText(template, text.Replace("      nodeSelector:", "      nodeSelecter:", StringComparison.Ordinal)
                .Replace("containerPort: {{ .Values.metrics.port }}", "containerPort: \"{{ .Values.metrics.port }}\"", StringComparison.Ordinal));
            var r = HelmChartTests.Helm("template", "arpdoctor", copy.FullName, "--namespace", "arpdoctor");
            Assert.True(r.Succeeded, r.StandardError);
            var errors = KubernetesSchemas.Errors(ManifestChecks.Single(YamlDocs.Parse(r.StandardOutput), "DaemonSet"));
            Assert.Contains("/spec/template/spec/nodeSelecter: unknown field", errors);
            Assert.Contains("/spec/template/spec/containers/0/ports/0/containerPort: Value is \"string\" but should be \"integer\"", errors);
            Assert.Equal(2, errors.Count);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    /// <summary>One change to one valid object of deploy/ (a dotted path, array items by index; the new value as JSON) and the one error it must give.</summary>
    [Theory]
    [InlineData("DaemonSet", "spec.template.spec.securityContext.runAsUsr", "65532", "/spec/template/spec/securityContext/runAsUsr: unknown field")]
    [InlineData("DaemonSet", "spec.template.spec.nodeSelecter", "{\"kubernetes.io/os\":\"linux\"}", "/spec/template/spec/nodeSelecter: unknown field")]
    [InlineData("DaemonSet", "spec.template.spec.containers.0.ports.0.containerPort", "\"9464\"", "/spec/template/spec/containers/0/ports/0/containerPort: Value is \"string\" but should be \"integer\"")]
    [InlineData("DaemonSet", "spec.template.spec.hostNetwork", "\"true\"", "/spec/template/spec/hostNetwork: Value is \"string\" but should be \"boolean\"")]
    [InlineData("DaemonSet", "spec.template.spec.containers.0.resources.limits.cpu", "true", "/spec/template/spec/containers/0/resources/limits/cpu: Value is \"boolean\" but should be \"string, number\"")]
    [InlineData("DaemonSet", "spec.selector", "null", "/spec: Required properties [\"selector\"] are not present")]
    [InlineData("ClusterRole", "rules.0.verb", "[\"list\"]", "/rules/0/verb: unknown field")]
    [InlineData("Service", "spec.ports.0.port", "\"9464\"", "/spec/ports/0/port: Value is \"string\" but should be \"integer\"")]
    [InlineData("ConfigMap", "metadata.labels.grafana_dashboard", "1", "/metadata/labels/grafana_dashboard: Value is \"integer\" but should be \"string\"")]
    [InlineData("ServiceMonitor", "spec.endpoints.0.intervall", "\"30s\"", "/spec/endpoints/0/intervall: unknown field")]
    [InlineData("ServiceMonitor", "metadata.lables", "{}", "/metadata/lables: unknown field")]
    [InlineData("PrometheusRule", "spec.groups.0.rules.0.for", "2", "/spec/groups/0/rules/0/for: Value is \"integer\" but should be \"string\"")]
    [InlineData("PrometheusRule", "spec.groups.0.rules.0.labels.severity", "true", "/spec/groups/0/rules/0/labels/severity: Value is \"boolean\" but should be \"string\"")]
    [InlineData("Namespace", "metadata.labels.pod-security.kubernetes.io/enforce", "false", "/metadata/labels/pod-security.kubernetes.io~1enforce: Value is \"boolean\" but should be \"string\"")]
    public void The_check_catches_a_misspelt_field_a_wrong_type_and_a_missing_field(string kind, string path, string json, string expected)
    {
        var doc = ManifestChecks.Single(DeployManifests(), kind);
        Assert.Empty(KubernetesSchemas.Errors(doc));
        Set(doc, path, JsonNode.Parse(json));
        var errors = KubernetesSchemas.Errors(doc);
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void A_kind_without_a_schema_is_an_error_not_a_pass()
    {
        var doc = ManifestChecks.Single(DeployManifests(), "ServiceMonitor");
        doc["kind"] = "PodMonitor";
        Assert.Equal(["no schema for monitoring.coreos.com/v1/PodMonitor: add its kind to TestData/schemas/extract.py and run it again"], KubernetesSchemas.Errors(doc));
    }

    private static void Set(JsonObject doc, string path, JsonNode? value)
    {
        // Label keys hold dots: the last segment takes the rest when it names a key that exists.
        var parts = path.Split('.');
        JsonNode node = doc;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var rest = string.Join('.', parts[i..]);
            if (node is JsonObject o && o.ContainsKey(rest)) { o[rest] = value; return; }
            node = node is JsonArray a ? a[int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture)]! : node[parts[i]]!;
        }
        node[parts[^1]] = value;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
