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
        var nodes = parse.GetValue(def.Node) is { Length: > 0 } named ? named.Distinct(StringComparer.Ordinal).ToList() : VantageNodes(facts, vips);
        if (nodes.Count == 0)
        {
            notDone.Add("cannot probe from a pod: no Ready node to run it on; name a node of the VIPs' segment with --node");
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
        var nodeIps = facts.Nodes.SelectMany(n => n.InternalIps);
        var command = ScanHearing.Command(parse.GetValue(def.Interface)!, [.. vips.Select(v => v.Vip), .. nodeIps], parse.GetValue(def.Wait).Value);
        var runs = nodes.Select(node => ProbeOnAsync(pods, cli,
            new ProbePodSpec(ns, "arpdoctor-probe-" + RandomNumberGenerator.GetString("bcdfghjklmnpqrstvwxz2456789", 5), node, image, command,
                Math.Max(1, (int)Math.Ceiling(limit.TotalSeconds))), limit, ct)).ToList();
        var ended = await Task.WhenAll(runs).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        notDone.AddRange(ended.Where(e => e.Error is not null).Select(e => $"cannot probe from a pod: {e.Error}"));
        var heard = ended.Where(e => e.Hearing is not null).ToList();
        if (heard.Count == 0) return null;
        if (heard.Count == 1)
            notDone.Add($"heard from one node only ({heard[0].Node}): a node does not hear its own answers, so whatever {heard[0].Node} answers " +
                "is missing; probe from a second node of the segment (--node twice)");
        return ScanHearing.Merge([.. heard.Select(h => h.Hearing!)]);
    }

    /// <summary>
    /// Where the probe Pods run by default: the node announcing the most VIPs, and the first other Ready node (by name),
    /// each hearing what the other cannot (its own answers).
    /// </summary>
    public static List<string> VantageNodes(ClusterFacts facts, IReadOnlyList<LayerTwoVip> vips)
    {
        var ready = facts.Nodes.Where(n => n.Ready == "True").Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var announcer = vips.Where(v => v.Announcer is not null && ready.Contains(v.Announcer)).GroupBy(v => v.Announcer!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        return [.. (announcer is null ? ready : ready.Where(n => n != announcer).Prepend(announcer)).Take(2)];
    }

    /// <summary>One probe Pod from creation to deletion: its hearing, or why there is none.</summary>
    private static async Task<(string Node, Hearing? Hearing, string? Error)> ProbeOnAsync(KubernetesProbePods pods, CliContext cli, ProbePodSpec spec,
        TimeSpan limit, CancellationToken ct)
    {
        var (ns, name, node) = (spec.Namespace, spec.Name, spec.Node);
        bool created = false;
        try
        {
            cli.Error.WriteLine($"arpdoctor: doctor: probing from pod {ns}/{name} on node {node} ({spec.Image})");
            try
            {
                await pods.CreateAsync(spec, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                created = true;   // interrupted while the server may have created it: delete it all the same (gone already is fine)
                throw;
            }
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
                    return (node, null, $"pod {ns}/{name} on {node} did not finish within {Core.Text.Durations.Format(limit)} (--pod-timeout); is the image pullable and the node Ready?");
                }
            }
            var log = await pods.LogAsync(ns, name, ct).ConfigureAwait(false);
            var (hearing, error) = ScanHearing.Read(log);
            return hearing is not null ? (node, hearing, null)
                : (node, null, $"pod {ns}/{name} on {node} ended {outcome.Phase}{(outcome.ExitCode is { } code ? $" (exit {code})" : "")}{(outcome.Reason is { } r ? $", {r}" : "")}: {error}");
        }
        catch (ClusterApiException e)
        {
            return (node, null, e.Message);
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
