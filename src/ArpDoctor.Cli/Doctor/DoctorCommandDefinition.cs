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
        Description = "Interface of this host on the nodes' layer-2 segment (default: the one whose network holds a node's InternalIP)",
    }));

    public readonly Option<string> From = new("--from")
    {
        Description = "Where the VIPs are probed from: here (an interface of this host; root or CAP_NET_RAW)",
        DefaultValueFactory = _ => "here",
    };

    public readonly Option<int> Rounds = SharedOptions.Number("--rounds", "Probe rounds, each one request per VIP and per node InternalIP",
        DoctorSurvey.DefaultRounds, new NumberRange(1, 20, "rounds"));

    public readonly Option<Duration> Wait = SharedOptions.Duration("--wait", "Time to listen after each round's last probe", "500ms", "-w");

    public readonly Option<string> Format = SharedOptions.Output("text, json or html (one page to attach to a ticket)", "text", "json", "html");

    public DoctorCommandDefinition() : base("doctor",
        "From the symptom to the cause and the fix in one command: read the cluster as 'check' does, list every layer-2 VIP with " +
        "its announcer, probe them all with every node's InternalIP, map each answering MAC to its node and role, name the cause " +
        "from the catalogue, and give the remedy and the 'watch' that proves it. " +
        "Exit 0: every VIP probed, one MAC each, a node's; 1: a cause found (or a VIP answered wrongly); 2: bad input; " +
        "3: cannot probe from here; 4: Kubernetes API failure; 5: nothing wrong seen, but not everything could be looked at.")
    {
        Cluster.AddTo(this);
        Options.Add(Interface);
        Options.Add(From);
        Options.Add(Rounds);
        Options.Add(Wait);
        Options.Add(Format);
        From.AcceptOnlyFromAmong("here");
    }
}
