using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Diagnosis;
using ArpDoctor.Core.Fixing;
using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Text;
using Spectre.Console;

namespace ArpDoctor.Cli.Fix;

/// <summary>After a write: <c>kubectl rollout restart</c> + <c>rollout status</c> for kube-proxy, then the optional probe.</summary>
internal static class KubeProxyRestart
{
    /// <summary>Restarts one DaemonSet and waits for its rollout (or, with --no-restart, says how to); the exit code so far.</summary>
    public static async Task<int> RestartAsync(IClusterApi api, DaemonSetName daemonSet, FixOptions options, CliContext cli, CancellationToken ct)
    {
        var (ns, name) = (daemonSet.Namespace, daemonSet.Name);
        var output = cli.Output;
        if (options.NoRestart)
        {
            output.WriteLine($"--no-restart: kube-proxy picks the change up when its pods restart ('kubectl rollout restart -n {ns} ds {name}').");
            return ExitCodes.Healthy;
        }
        if (await api.GetDaemonSetAsync(ns, name, ct).ConfigureAwait(false) is null)
            return cli.Fail(ExitCodes.Problem, FixCommand.Verb, $"daemonset {ns}/{name} not found: restart kube-proxy's pods by hand so they read the new configuration");
        await api.RestartDaemonSetAsync(ns, name, cli.Time.GetUtcNow(), ct).ConfigureAwait(false);
        output.WriteLine($"Restarting daemonset {ns}/{name} ...");

        RolloutLook rollout = new(RolloutOutcome.Missing, null);
        if (output.Profile.Capabilities.Interactive)
        {
            await output.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("kube-proxy pods updated", maxValue: 1);
                await foreach (var look in RolloutWatcher.WatchAsync(api, ns, name, options.Timeout, cli.Time, ct).ConfigureAwait(false))
                {
                    rollout = look;
                    if (look.Progress is not { } p || look.Outcome == RolloutOutcome.Missing) continue;
                    task.MaxValue = Math.Max(1, p.Desired);
                    task.Value = Math.Min(p.Updated, p.Available);
                }
            }).ConfigureAwait(false);
        }
        else
        {
            string? said = null;
            await foreach (var look in RolloutWatcher.WatchAsync(api, ns, name, options.Timeout, cli.Time, ct).ConfigureAwait(false))
            {
                rollout = look;
                if (look.Progress is not { } p || look.Outcome == RolloutOutcome.Missing) continue;
                var line = Describe(p);
                if (line != said) output.WriteLine(line);
                said = line;
            }
        }
        switch (rollout.Outcome)
        {
            case RolloutOutcome.Missing:
                return cli.Fail(ExitCodes.Problem, FixCommand.Verb, $"daemonset {ns}/{name} disappeared during the rollout");
            case RolloutOutcome.TimedOut:
                return cli.Fail(ExitCodes.Problem, FixCommand.Verb,
                    $"rollout of daemonset {ns}/{name} not complete after {Durations.Format(options.Timeout)}: {Describe(rollout.Progress!)}; watch it with 'kubectl rollout status -n {ns} ds {name}'");
        }
        output.WriteLine($"daemonset {ns}/{name} successfully rolled out ({Words.Count(rollout.Progress!.Desired, "pod")}).");
        return ExitCodes.Healthy;
    }

    private static string Describe(RolloutProgress p) => p.ObservedGeneration < p.Generation
        ? "waiting for the DaemonSet controller to see the new template"
        : $"{p.Updated}/{Words.Count(p.Desired, "pod")} updated, {p.Available}/{p.Desired} available";

    public static async Task<int> VerifyAsync(FixOptions options, CliContext cli, CancellationToken ct)
    {
        if (options.VerifyVip is not { } vip) return ExitCodes.Healthy;
        var (link, error) = cli.OpenLink(options.Interface!);
        if (link is null) return cli.Fail(ExitCodes.Environment, FixCommand.Verb, $"--verify: {error!.Message}");
        using (link)
        {
            var request = new ProbeRequest(vip, SourceAddress.For(link), link.Mac, ProbeRequest.DefaultCount, ProbeRequest.DefaultInterval, ProbeRequest.DefaultWait);
            var result = await new Prober(link, cli.Time).ProbeAsync(request, ct).ConfigureAwait(false);
            cli.Output.MarkupLine($"Verify {vip} on {Markup.Escape(link.Name)}: [bold]{result.Verdict.ToWord()}[/] ({Words.Count(result.Responders.Count, "MAC")} answered)");
            foreach (var line in ProbeExplanation.Lines(result)) cli.Output.WriteLine(line);
            return result.Verdict == Verdict.Healthy ? ExitCodes.Healthy : ExitCodes.Problem;
        }
    }
}
