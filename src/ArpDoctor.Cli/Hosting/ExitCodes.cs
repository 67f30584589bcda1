namespace ArpDoctor.Cli.Hosting;

/// <summary>Every exit code of <c>arpdoctor</c>. The README has the same table.</summary>
public static class ExitCodes
{
    /// <summary>The measurement is good: exactly one MAC answered, nothing to change.</summary>
    public const int Healthy = 0;
    /// <summary>The measurement is bad: a conflict, no answer, instability, or something must change.</summary>
    public const int Problem = 1;
    /// <summary>Usage or bad input: an unknown option, an address that is not IPv4, a negative count.</summary>
    public const int Usage = 2;
    /// <summary>The environment: no such interface, interface down, no permission to capture, libpcap missing.</summary>
    public const int Environment = 3;
    /// <summary>The Kubernetes API: unreachable, TLS, forbidden, not found.</summary>
    public const int KubernetesApi = 4;
    /// <summary>
    /// Cannot tell: nothing found must change, but a fact that decides it could not be read (kube-proxy run as a host
    /// service, a config file the API does not show). Neither 0 (no evidence of health) nor 1 (no evidence of a fault).
    /// </summary>
    public const int CannotTell = 5;
    /// <summary>ArpDoctor itself failed: a Kubernetes request it could not encode or an answer it could not decode (sysexits' EX_SOFTWARE).</summary>
    public const int Internal = 70;
    /// <summary>Interrupted by Ctrl-C before a result.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a verdict's outcome: healthy 0, a found problem 1, cannot tell 5.</summary>
    public static int Of(ArpDoctor.Core.Analysis.VerdictOutcome outcome) => outcome switch
    {
        ArpDoctor.Core.Analysis.VerdictOutcome.Healthy => Healthy,
        ArpDoctor.Core.Analysis.VerdictOutcome.Problem => Problem,
        _ => CannotTell,
    };

    /// <summary>Every code with its meaning, for the man page.</summary>
    public static readonly IReadOnlyList<(int Code, string Meaning)> All =
    [
        (Healthy, "The measurement is good: exactly one MAC answered, nothing to change (the agent: stopped by SIGTERM)."),
        (Problem, "The measurement is bad: a conflict, no answer, instability, or something must change."),
        (Usage, "Usage or bad input."),
        (Environment, "The environment: no such interface, interface down, no permission to capture, libpcap missing."),
        (KubernetesApi, "The Kubernetes API: unreachable, TLS, forbidden, not found."),
        (CannotTell, "Cannot tell: nothing found must change, but a fact that decides it could not be read (analyze: too little evidence, inconclusive)."),
        (Internal, "ArpDoctor itself failed."),
        (Interrupted, "Interrupted by Ctrl-C before a result."),
    ];
}
