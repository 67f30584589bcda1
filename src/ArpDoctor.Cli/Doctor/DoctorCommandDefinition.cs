using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Doctoring;

namespace ArpDoctor.Cli.Doctor;

/// <summary>The options of <c>arpdoctor doctor</c>; execution is in <see cref="DoctorCommand"/>.</summary>
public sealed class DoctorCommandDefinition : Command
{
    public readonly ClusterOptions Cluster = new();

    public readonly Option<string?> Interface = SharedOptions.CompletesInterfaces(SharedOptions.Name(new Option<string?>("--interface", "-i")
    {
        Description = "Interface on the nodes' layer-2 segment: this host's (default: the one whose network holds a node's InternalIP), or with --from pod the node's (needed)",
    }));

    public readonly Option<string> From = new("--from")
    {
        Description = "Where the VIPs are probed from: here (an interface of this host; root or CAP_NET_RAW), agent (the installed agents' " +
            "latest rounds, read from their /metrics through the API server's pod proxy; needs pods list and pods/proxy get) or pod (a short-lived probe Pod " +
            "on a node's network, hostNetwork with only NET_RAW, deleted at the end; needs pods create, get, delete and pods/log get)",
        DefaultValueFactory = _ => "here",
    };

    public readonly Option<string[]> Node = SharedOptions.Name(new Option<string[]>("--node")
    {
        Description = "With --from pod: a node a probe Pod runs on; repeat it for more (default: the node announcing the most VIPs and " +
            "the first other Ready node: a node does not hear its own answers, so two nodes hear every one)",
        DefaultValueFactory = _ => [],
    });

    public readonly Option<string?> Image = SharedOptions.Name(new Option<string?>("--image")
    {
        Description = "With --from pod: the probe Pod's image, holding arpdoctor (default: the installed agent DaemonSet's)",
    });

    public readonly Option<string> PodNamespace = SharedOptions.Name(new Option<string>("--pod-namespace")
    {
        Description = "With --from pod: the namespace the probe Pod is created in",
        DefaultValueFactory = _ => "default",
    });

    public readonly Option<Duration> PodTimeout = SharedOptions.Duration("--pod-timeout",
        "With --from pod: the longest the probe Pod may take, from creation to its end (also its activeDeadlineSeconds)", "2m");

    public readonly Option<int> Rounds = SharedOptions.Number("--rounds", "Probe rounds, each one request per VIP and per node InternalIP",
        DoctorSurvey.DefaultRounds, new NumberRange(1, 20, "rounds"));

    public readonly Option<Duration> Wait = SharedOptions.Duration("--wait", "Time to listen after each round's last probe", "500ms", "-w");

    public readonly Option<string> Format = SharedOptions.Output("text, json or html (one page to attach to a ticket)", "text", "json", "html");

    public DoctorCommandDefinition() : base("doctor",
        "From the symptom to the cause and the fix in one command: read the cluster as 'check' does, list every layer-2 VIP with " +
        "its announcer, probe them all with every node's InternalIP, map each answering MAC to its node and role, name the cause " +
        "from the catalogue, and give the remedy and the 'watch' that proves it. " +
        "Exit 0: every VIP probed, one MAC each, a node's; 1: a cause found (or a VIP answered wrongly); 2: bad input; " +
        "3: cannot probe (from here, no agent readable, or the probe Pod failed); 4: Kubernetes API failure; 5: nothing wrong seen, but not everything could be looked at.")
    {
        Cluster.AddTo(this);
        Options.Add(Interface);
        Options.Add(From);
        Options.Add(Node);
        Options.Add(Image);
        Options.Add(PodNamespace);
        Options.Add(PodTimeout);
        Options.Add(Rounds);
        Options.Add(Wait);
        Options.Add(Format);
        From.AcceptOnlyFromAmong("here", "agent", "pod");
    }
}
