using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Processes;

namespace ArpDoctor.Linux.Lab;

/// <summary>
/// A real L2 segment of network namespaces (see <see cref="LabPlan"/>): a bridge, a client and N nodes
/// that hold the VIPs on <c>kube-ipvs0</c> the way kube-proxy IPVS does. The nodes' kernels do the
/// answering. Disposing removes every namespace it made; <see cref="Remove"/> cleans up after a crash.
/// </summary>
public sealed class LabNetwork : IDisposable
{
    private const string Ip = "ip";
    private int _speaker;
    private bool _disposed;

    private LabNetwork(LabPlan plan) => Plan = plan;

    public LabPlan Plan { get; }
    public LabMode Mode { get; private set; }
    /// <summary>1-based number of the node that holds the VIPs on eth0 in <see cref="LabMode.Speaker"/> mode.</summary>
    public int SpeakerNode => _speaker;

    /// <summary>Builds the network; on any failure removes what was made and rethrows.</summary>
    public static LabNetwork Create(LabPlan plan, LabMode mode, int speakerNode = 1)
    {
        if (plan.Nodes is < 1 or > LabPlan.MaxNodes)
            throw new ArgumentOutOfRangeException(nameof(plan), $"1 to {LabPlan.MaxNodes} nodes");
        Remove(plan);
        var lab = new LabNetwork(plan);
        try
        {
            lab.Build();
            lab.SetMode(mode, speakerNode);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Re-opens a lab that is up (made by <c>arpdoctor lab up</c>, say) from its namespaces: the node count from
    /// their names, the VIPs from node 1's kube-ipvs0. <c>null</c> when there is none. Disposing it removes it.
    /// </summary>
    public static LabNetwork? Open(string prefix)
    {
        var names = ListNamespaces();
        if (!names.Contains($"{prefix}-client")) return null;
        int nodes = 0;
        while (names.Contains($"{prefix}-node{nodes + 1}")) nodes++;
        if (nodes == 0) return null;
        var vips = RunIp("-n", $"{prefix}-node1", "-4", "-o", "addr", "show", "dev", "kube-ipvs0")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => f[Array.IndexOf(f, "inet") + 1].Split('/')[0])
            .Select(Ipv4Address.Parse)
            .ToList();
        var lab = new LabNetwork(new LabPlan(prefix, nodes, vips));
        var strict = CommandRunner.RunChecked(Ip, "netns", "exec", lab.Plan.NodeNamespace(1), "sysctl", "-n", "net.ipv4.conf.all.arp_ignore").Trim() != "0";
        lab.Mode = strict ? LabMode.Strict : LabMode.Loose;
        for (int n = 1; n <= nodes && strict; n++)
        {
            var eth0 = RunIp("-n", lab.Plan.NodeNamespace(n), "-4", "-o", "addr", "show", "dev", "eth0");
            if (vips.Count > 0 && eth0.Contains($" {vips[0]}/32 ", StringComparison.Ordinal))
            {
                lab.Mode = LabMode.Speaker;
                lab._speaker = n;
            }
        }
        return lab;
    }

    /// <summary>Whether a lab with this plan's names is up (made by <c>arpdoctor lab up</c>, say).</summary>
    public static bool Exists(LabPlan plan) => ListNamespaces().Contains(plan.ClientNamespace);

    private void Build()
    {
        var plan = Plan;
        foreach (var ns in plan.AllNamespaces)
        {
            RunIp("netns", "add", ns);
            // IPv4 only: no IPv6 router solicitations or DAD on the segment, so every frame is ours to count.
            CommandRunner.RunChecked(Ip, "netns", "exec", ns, "sysctl", "-q", "-w",
                "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        }
        RunIp("-n", plan.BridgeNamespace, "link", "add", "br0", "type", "bridge");
        // No STP/forward delay: ports forward at once, as a plain switch would.
        RunIp("-n", plan.BridgeNamespace, "link", "set", "br0", "type", "bridge", "forward_delay", "0", "stp_state", "0");
        RunIp("-n", plan.BridgeNamespace, "link", "set", "br0", "up");
        Attach(plan.ClientNamespace, "p0", $"{LabPlan.ClientIp}/24");
        for (int n = 1; n <= plan.Nodes; n++)
        {
            var ns = plan.NodeNamespace(n);
            Attach(ns, $"p{n}", $"{LabPlan.NodeIp(n)}/24");
            // kube-proxy's kube-ipvs0 is a dummy link; this kernel has none, a veth end with its peer down
            // does the same job: an address on it is local to the node.
            RunIp("-n", ns, "link", "add", "kube-ipvs0", "type", "veth", "peer", "name", "kube-ipvs0-peer");
            foreach (var vip in plan.Vips)
                RunIp("-n", ns, "addr", "add", $"{vip}/32", "dev", "kube-ipvs0");
        }
    }

    private void Attach(string ns, string bridgePort, string address)
    {
        RunIp("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", bridgePort, "netns", Plan.BridgeNamespace);
        RunIp("-n", Plan.BridgeNamespace, "link", "set", bridgePort, "master", "br0", "up");
        RunIp("-n", ns, "addr", "add", address, "dev", "eth0");
        RunIp("-n", ns, "link", "set", "lo", "up");
        RunIp("-n", ns, "link", "set", "eth0", "up");
    }

    /// <summary>Switches every node to <paramref name="mode"/>; in speaker mode, <paramref name="speakerNode"/> answers.</summary>
    public void SetMode(LabMode mode, int speakerNode = 1)
    {
        if (speakerNode < 1 || speakerNode > Plan.Nodes)
            throw new ArgumentOutOfRangeException(nameof(speakerNode), $"1 to {Plan.Nodes}");
        bool strict = mode != LabMode.Loose;
        for (int n = 1; n <= Plan.Nodes; n++)
        {
            SetStrictArp(n, strict);
            HoldOnEth0(n, mode == LabMode.Speaker && n == speakerNode);
        }
        Mode = mode;
        _speaker = mode == LabMode.Speaker ? speakerNode : 0;
        FlushClientNeighbours();
    }

    /// <summary>
    /// A MetalLB failover: the VIPs move to <paramref name="node"/>'s eth0 and it announces them with
    /// gratuitous ARP (as the new speaker does). Needs speaker mode.
    /// </summary>
    public void FailOverTo(int node, int announcements = 2)
    {
        MoveSilentlyTo(node);
        Announce(node, announcements);
    }

    /// <summary><paramref name="node"/> announces every VIP with gratuitous ARP (<c>arping -U</c>), as a new speaker does.</summary>
    public void Announce(int node, int announcements = 2)
    {
        foreach (var vip in Plan.Vips)
            CommandRunner.RunChecked(Ip, "netns", "exec", Plan.NodeNamespace(node),
                "arping", "-q", "-U", "-I", "eth0", "-c", announcements.ToString(System.Globalization.CultureInfo.InvariantCulture), vip.ToString());
    }

    /// <summary>
    /// Moves the VIPs to <paramref name="node"/>'s eth0 without announcing them: clients keep their old
    /// neighbour entry until they re-resolve (flush it with <see cref="FlushClientNeighbours"/>). Needs speaker mode.
    /// </summary>
    public void MoveSilentlyTo(int node)
    {
        if (Mode != LabMode.Speaker) throw new InvalidOperationException("moving the VIPs needs speaker mode");
        HoldOnEth0(_speaker, false);
        HoldOnEth0(node, true);
        _speaker = node;
    }

    /// <summary>Sets what kube-proxy sets with strictARP on (or the kernel defaults when off).</summary>
    public void SetStrictArp(int node, bool strict) =>
        CommandRunner.RunChecked(Ip, "netns", "exec", Plan.NodeNamespace(node), "sysctl", "-q", "-w",
            $"net.ipv4.conf.all.arp_ignore={(strict ? 1 : 0)}",
            $"net.ipv4.conf.all.arp_announce={(strict ? 2 : 0)}");

    private void HoldOnEth0(int node, bool hold)
    {
        var ns = Plan.NodeNamespace(node);
        var present = RunIp("-n", ns, "-4", "-o", "addr", "show", "dev", "eth0");
        foreach (var vip in Plan.Vips)
        {
            bool has = present.Contains($" {vip}/32 ", StringComparison.Ordinal);
            if (hold && !has) RunIp("-n", ns, "addr", "add", $"{vip}/32", "dev", "eth0");
            if (!hold && has) RunIp("-n", ns, "addr", "del", $"{vip}/32", "dev", "eth0");
        }
    }

    /// <summary>Forgets the client's ARP entries, so its next packet re-resolves (as a firewall's hard timeout does).</summary>
    public void FlushClientNeighbours() =>
        RunIp("-n", Plan.ClientNamespace, "neigh", "flush", "dev", "eth0");

    /// <summary>The MAC of each node's eth0, by 1-based node number.</summary>
    public IReadOnlyDictionary<int, MacAddress> NodeMacs()
    {
        var result = new Dictionary<int, MacAddress>();
        for (int n = 1; n <= Plan.Nodes; n++)
            result[n] = MacAddress.Parse(ReadMac(Plan.NodeNamespace(n)));
        return result;
    }

    private static string ReadMac(string ns)
    {
        // "2: eth0@if5: <...> ... link/ether aa:bb:cc:dd:ee:ff brd ..."
        var line = RunIp("-n", ns, "-o", "link", "show", "dev", "eth0");
        var at = line.IndexOf("link/ether ", StringComparison.Ordinal);
        if (at < 0) throw new CommandFailedException($"no Ethernet address on eth0 in {ns}");
        return line.Substring(at + "link/ether ".Length, 17);
    }

    /// <summary>Removes every namespace of the plan that exists; safe to call at any time.</summary>
    public static void Remove(LabPlan plan)
    {
        var existing = ListNamespaces();
        foreach (var ns in plan.AllNamespaces.Where(existing.Contains))
            CommandRunner.Run(Ip, ["netns", "del", ns]);
    }

    /// <summary>Names of all network namespaces on this host.</summary>
    public static HashSet<string> ListNamespaces()
    {
        var output = CommandRunner.RunChecked(Ip, "netns", "list");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2)[0].Trim())
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string RunIp(params string[] args) => CommandRunner.RunChecked(Ip, args);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Remove(Plan);
    }
}
