using System.CommandLine;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Kubernetes;

namespace ArpDoctor.Cli.Hosting;

/// <summary><c>--kubeconfig</c>, <c>--context</c>, <c>--cluster</c>, <c>--user</c> and <c>--request-timeout</c>, shared by every verb that talks to the cluster.</summary>
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

    public readonly Option<string?> Cluster = SharedOptions.Name(new Option<string?>("--cluster")
    {
        Description = "Kubeconfig cluster to use instead of the context's",
    });

    public readonly Option<string?> User = SharedOptions.Name(new Option<string?>("--user")
    {
        Description = "Kubeconfig user to use instead of the context's",
    });

    public readonly Option<Duration> RequestTimeout = SharedOptions.Duration("--request-timeout",
        "Longest wait for one API request, its answer's body included; 0 waits for ever", "30s");

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
        command.Options.Add(Cluster);
        command.Options.Add(User);
        command.Options.Add(RequestTimeout);
    }

    /// <summary>The exit code of a connection that could not be made.</summary>
    public static int ExitCode(ConnectionErrorKind kind) => kind switch
    {
        ConnectionErrorKind.BadInput => ExitCodes.Usage,
        _ => ExitCodes.KubernetesApi,
    };

    /// <summary><c>--context</c>, <c>--cluster</c>, <c>--user</c>.</summary>
    public KubeconfigSelection Selection(ParseResult parse) => new(parse.GetValue(Context), parse.GetValue(Cluster), parse.GetValue(User));

    /// <summary><c>--request-timeout</c>, with 0 as waiting for ever.</summary>
    public TimeSpan Deadline(ParseResult parse)
    {
        TimeSpan timeout = parse.GetValue(RequestTimeout);
        return timeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout;
    }

    /// <summary>
    /// Builds the API client; on failure writes the one-line error and returns the exit code (2 bad input, 4 no cluster).
    /// <paramref name="ct"/> (Ctrl-C) ends a wait for the kubeconfig's exec credential plugin by throwing, as every read does.
    /// </summary>
    public IClusterApi? Connect(ParseResult parse, CliContext cli, string verb, out int exitCode, CancellationToken ct = default)
    {
        exitCode = 0;
        var (api, error) = ClusterConnection.Connect(parse.GetValue(Kubeconfig), parse.GetValue(Context), requestTimeout: Deadline(parse), select: Selection(parse), cancellationToken: ct);
        if (api is not null) return api;
        exitCode = cli.Fail(ExitCode(error!.Kind), verb, error.Message);
        return null;
    }
}
