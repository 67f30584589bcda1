using System.CommandLine;
using System.Security.Cryptography;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Doctoring;
using ArpDoctor.Kubernetes;

namespace ArpDoctor.Cli.Doctor;

/// <summary>
/// <c>doctor --from pod</c>: one short-lived probe Pod on a node's network runs <c>arpdoctor scan -o json</c> over every
/// VIP and node InternalIP; its log, read through the API, is the hearing. The Pod is deleted at the end, on failure and
/// on Ctrl-C, and bounded twice: the kubelet ends it at <c>activeDeadlineSeconds</c>, the client stops waiting at
/// <c>--pod-timeout</c>.
/// </summary>
public static class DoctorFromPod
{
    private const string Verb = "doctor";

    /// <summary>How often the Pod's phase is read while it runs.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest the Pod's deletion may take once doctor is done (or interrupted).</summary>
    private static readonly TimeSpan DeleteWithin = TimeSpan.FromSeconds(10);

    public static async Task<Hearing?> ProbeAsync(DoctorCommandDefinition def, ParseResult parse, CliContext cli, IClusterApi api, ClusterFacts facts,
        IReadOnlyList<LayerTwoVip> vips, List<string> notDone, CancellationToken ct)
    {
        var pods = KubernetesProbePods.Of(api);
        if (pods is null)
        {
            notDone.Add("cannot probe from a pod: not connected to a Kubernetes API server");
            return null;
        }
        var node = parse.GetValue(def.Node) ?? vips.Where(v => v.Announcer is not null).GroupBy(v => v.Announcer!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        if (node is null)
        {
            notDone.Add("cannot probe from a pod: no VIP has a known announcer to run it on; name a node of the VIPs' segment with --node");
            return null;
        }
        var image = parse.GetValue(def.Image) ?? AgentImage(facts.DaemonSets);
        if (image is null)
        {
            notDone.Add("cannot probe from a pod: no arpdoctor agent DaemonSet to take the image from; name an image holding arpdoctor with --image");
            return null;
        }
        var ns = parse.GetValue(def.PodNamespace)!;
        TimeSpan limit = parse.GetValue(def.PodTimeout).Value;
        var name = "arpdoctor-probe-" + RandomNumberGenerator.GetString("bcdfghjklmnpqrstvwxz2456789", 5);
        var nodeIps = facts.Nodes.SelectMany(n => n.InternalIps);
        var command = ScanHearing.Command(parse.GetValue(def.Interface)!, [.. vips.Select(v => v.Vip), .. nodeIps], parse.GetValue(def.Wait).Value);
        var spec = new ProbePodSpec(ns, name, node, image, command, Math.Max(1, (int)Math.Ceiling(limit.TotalSeconds)));
        bool created = false;
        try
        {
            cli.Error.WriteLine($"arpdoctor: doctor: probing from pod {ns}/{name} on node {node} ({image})");
            await pods.CreateAsync(spec, ct).ConfigureAwait(false);
            created = true;
            ProbePodOutcome outcome;
            using (var deadline = new CancellationTokenSource(limit, cli.Time))
            using (var both = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token))
            {
                try
                {
                    outcome = await pods.WaitEndedAsync(ns, name, Poll, cli.Time, both.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    notDone.Add($"cannot probe from a pod: pod {ns}/{name} on {node} did not finish within {Core.Text.Durations.Format(limit)} (--pod-timeout); is the image pullable and the node Ready?");
                    return null;
                }
            }
            var log = await pods.LogAsync(ns, name, ct).ConfigureAwait(false);
            var (hearing, error) = ScanHearing.Read(log);
            if (hearing is null)
            {
                notDone.Add($"cannot probe from a pod: pod {ns}/{name} on {node} ended {outcome.Phase}{(outcome.ExitCode is { } code ? $" (exit {code})" : "")}{(outcome.Reason is { } r ? $", {r}" : "")}: {error}");
                return null;
            }
            return hearing;
        }
        catch (ClusterApiException e)
        {
            notDone.Add($"cannot probe from a pod: {e.Message}");
            return null;
        }
        finally
        {
            if (created) await DeleteAsync(pods, cli, ns, name).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the probe Pod on a token of its own (the run's may be cancelled: Ctrl-C); says so when it cannot.</summary>
    private static async Task DeleteAsync(KubernetesProbePods pods, CliContext cli, string ns, string name)
    {
        using var within = new CancellationTokenSource(DeleteWithin, cli.Time);
        try
        {
            await pods.DeleteAsync(ns, name, within.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ClusterApiException or OperationCanceledException)
        {
            cli.Error.WriteLine($"arpdoctor: {Verb}: could not delete probe pod {ns}/{name} ({CliContext.Printable(e.Message)}); delete it with: kubectl delete pod -n {ns} {name}");
        }
    }

    /// <summary>The image of the installed arpdoctor agent (its DaemonSet's container running <c>arpdoctor</c>), or <c>null</c>.</summary>
    public static string? AgentImage(IReadOnlyList<DaemonSetSnapshot> daemonSets) =>
        daemonSets.Where(d => d.Labels.GetValueOrDefault("app.kubernetes.io/name") == "arpdoctor" || d.Name == KubernetesAgentCluster.Component)
            .SelectMany(d => d.Containers).Select(c => c.Image).FirstOrDefault(i => i.Length > 0);
}
