using System.CommandLine;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Kubernetes;

namespace ArpDoctor.Cli.Hosting;

/// <summary><c>--kubeconfig</c> and <c>--context</c>, shared by every verb that talks to the cluster.</summary>
public sealed class ClusterOptions
{
    // Empty is refused rather than read as "not given": --context "$CTX" with CTX unset would talk to the current context.
    public readonly Option<string?> Kubeconfig = SharedOptions.Name(new Option<string?>("--kubeconfig")
    {
        Description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the in-cluster service account)",
    });

    public readonly Option<string?> Context = SharedOptions.Name(new Option<string?>("--context")
    {
        Description = "Kubeconfig context to use (default: its current-context)",
    });

    public readonly Option<Duration> RequestTimeout = SharedOptions.Duration("--request-timeout",
        "Longest wait for one API request, its answer's body included; 0 waits for ever", "30s");

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
        command.Options.Add(RequestTimeout);
    }

    /// <summary>
    /// Builds the API client; on failure writes the one-line error and returns the exit code (2 bad input, 4 no cluster).
    /// <paramref name="ct"/> (Ctrl-C) ends a wait for the kubeconfig's exec credential plugin by throwing, as every read does.
    /// </summary>
    public IClusterApi? Connect(ParseResult parse, CliContext cli, string verb, out int exitCode, CancellationToken ct = default)
    {
        exitCode = 0;
        TimeSpan timeout = parse.GetValue(RequestTimeout);
        var (api, error) = ClusterConnection.Connect(parse.GetValue(Kubeconfig), parse.GetValue(Context),
            requestTimeout: timeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout, cancellationToken: ct);
        if (api is not null) return api;
        exitCode = cli.Fail(error!.Kind == ConnectionErrorKind.BadInput ? ExitCodes.Usage : ExitCodes.KubernetesApi, verb, error.Message);
        return null;
    }
}
