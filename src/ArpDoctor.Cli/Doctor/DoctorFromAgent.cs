using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Doctoring;
using ArpDoctor.Kubernetes;

namespace ArpDoctor.Cli.Doctor;

/// <summary>
/// <c>doctor --from agent</c>: the installed agents' latest rounds, read from each agent's <c>/metrics</c> through the API
/// server's pod proxy, every agent at once, each within <see cref="PerAgent"/>. Each agent hears its node's segment; all of
/// them together hear every node (an agent counts its own node's kernel from the node's sysctls, as it cannot hear itself).
/// </summary>
public static class DoctorFromAgent
{
    /// <summary>The longest one agent's metrics may take through the proxy.</summary>
    public static readonly TimeSpan PerAgent = TimeSpan.FromSeconds(10);

    /// <summary>Agents read at once at most.</summary>
    private const int AtOnce = 16;

    /// <returns>The hearing and where it came from in words; a <c>null</c> hearing with the reasons in <paramref name="notDone"/>.</returns>
    public static async Task<(Hearing? Hearing, string? Vantage)> ReadAsync(CliContext cli, IClusterApi api, ClusterFacts facts,
        IReadOnlyList<LayerTwoVip> vips, List<string> notDone, CancellationToken ct)
    {
        var reader = KubernetesAgentMetrics.Of(api);
        if (reader is null)
        {
            notDone.Add("cannot read the agents: not connected to a Kubernetes API server");
            return (null, null);
        }
        var (agents, notRunning) = AgentPods.Of(facts.Pods);
        if (agents is null)
        {
            notDone.Add($"cannot read the agents: the credentials may not list pods, so the agents' pods cannot be found ('kubectl auth can-i list pods -A')");
            return (null, null);
        }
        notDone.AddRange(notRunning);
        if (agents.Count == 0)
        {
            notDone.Add("cannot read the agents: no arpdoctor agent is installed (no running pod labelled app.kubernetes.io/name=arpdoctor, " +
                "app.kubernetes.io/component=agent); install the chart, or probe --from here or --from pod");
            return (null, null);
        }
        cli.Error.WriteLine($"arpdoctor: doctor: reading {agents.Count} {(agents.Count == 1 ? "agent" : "agents")} through the API server's pod proxy");
        using var gate = new SemaphoreSlim(AtOnce);
        var read = await Task.WhenAll(agents.Select(a => ReadOneAsync(reader, cli, a, gate, ct))).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        notDone.AddRange(read.Where(r => r.Error is not null).Select(r => $"cannot read the agent on {r.Agent.Node}: {r.Error}"));
        var readings = read.Where(r => r.Reading is not null).Select(r => r.Reading!).ToList();
        var heard = AgentHearing.Of(readings, [.. vips.Select(v => v.Vip)]);
        notDone.AddRange(heard.NotDone);
        return (heard.Hearing, heard.Vantage);
    }

    private static async Task<(AgentPod Agent, AgentReading? Reading, string? Error)> ReadOneAsync(KubernetesAgentMetrics reader, CliContext cli, AgentPod agent,
        SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var deadline = new CancellationTokenSource(PerAgent, cli.Time);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            string text;
            try
            {
                text = await reader.ReadAsync(agent, both.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return (agent, null, $"pod {agent.Namespace}/{agent.Name} did not answer within {Core.Text.Durations.Format(PerAgent)}");
            }
            catch (ClusterApiException e)
            {
                return (agent, null, CliContext.Printable(e.Message));
            }
            var (reading, error) = AgentReading.Of(agent.Node, text);
            return (agent, reading, error is null ? null : $"pod {agent.Namespace}/{agent.Name}: {error}");
        }
        finally
        {
            gate.Release();
        }
    }
}
