using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Cli.Fix;

/// <summary>The options of <c>arpdoctor fix</c>; execution is in <see cref="FixCommand"/>.</summary>
public sealed class FixCommandDefinition : Command
{
    public readonly ClusterOptions Cluster = new();

    public readonly Option<bool> DryRun = new("--dry-run") { Description = "Show the diff and write nothing" };
    public readonly Option<bool> Yes = new("--yes", "-y") { Description = "Write without asking (for scripts; without a terminal and without --yes, fix refuses)" };
    public readonly Option<string?> BackupDir = new("--backup-dir")
    {
        Description = "Where the original ConfigMap is saved before the write (default: $XDG_STATE_HOME/arpdoctor/backups, else ~/.local/state/arpdoctor/backups)",
    };
    public readonly Option<bool> Force = new("--force") { Description = "Patch even where a platform (KKP, KubeOne) will revert it; with --rollback, restore a backup taken from another object or cluster" };
    public readonly Option<string?> Emit = new("--emit") { Description = $"Print the durable fix to apply on the platform instead: {string.Join(", ", PlatformCatalog.FragmentWords)}" };
    public readonly Option<bool> NoRestart = new("--no-restart") { Description = "Do not restart the kube-proxy DaemonSet after writing" };
    public readonly Option<Duration> Timeout = SharedOptions.Duration("--timeout", "How long to wait for the kube-proxy rollout", "5m");
    public readonly Option<Ipv4Address?> Verify = SharedOptions.OptionalVip("--verify", "After the rollout, probe this VIP (needs -i) and report the verdict");
    public readonly Option<string?> Interface = SharedOptions.Name(new Option<string?>("--interface", "-i") { Description = "Interface on the VIP's L2 segment, for --verify" });
    public readonly Option<string[]> Rollback = new("--rollback")
    {
        Description = "Restore kube-proxy's file from a backup FILE written by an earlier fix (repeat for each object fixed); refuses a backup of another object or cluster unless --force",
    };

    public FixCommandDefinition() : base("fix",
        "Set ipvs.strictARP: true in the file each kube-proxy reads (one value changed, every other byte kept), after a diff, " +
        "a confirmation naming the cluster and context, and a backup, one per object; restart kube-proxy and wait for the rollout " +
        "(a kube-proxy whose pods started before its file's last write is restarted alone). Refuses on platforms that would revert it " +
        "and prints the fix that lasts there. Exit 0: fixed or nothing to do; 1: a change is still needed (refused, declined, " +
        "--dry-run with a pending change or restart, rollout timed out, verify failed); 2: bad input or no terminal without --yes; 4: Kubernetes API failure.")
    {
        Cluster.AddTo(this);
        Options.Add(DryRun);
        Options.Add(Yes);
        Options.Add(BackupDir);
        Options.Add(Force);
        Options.Add(Emit);
        Options.Add(NoRestart);
        Options.Add(Timeout);
        Options.Add(Verify);
        Options.Add(Interface);
        Options.Add(Rollback);
        Emit.AcceptOnlyFromAmong([.. PlatformCatalog.FragmentWords]);
    }
}
