using ArpDoctor.Core.Packets;

namespace ArpDoctor.Linux.Lab;

/// <summary>
/// The lab's names and addresses. Only documentation ranges are used:
/// <code>
///   PREFIX-br      bridge br0, one port per member
///   PREFIX-client  eth0 192.0.2.2/24
///   PREFIX-nodeN   eth0 192.0.2.(10+N)/24, kube-ipvs0 holding every VIP as /32 (N = 1..240)
///   VIPs           203.0.113.10 and up, then 198.51.100.0/24
/// </code>
/// </summary>
public sealed record LabPlan(string Prefix, int Nodes, IReadOnlyList<Ipv4Address> Vips)
{
    public const int MaxNodes = 240;
    public static readonly Ipv4Address ClientIp = Ipv4Address.Parse("192.0.2.2");
    public const string DefaultPrefix = "arpdoctor";

    public string BridgeNamespace => $"{Prefix}-br";
    public string ClientNamespace => $"{Prefix}-client";
    public string NodeNamespace(int node) => $"{Prefix}-node{node}";
    public IEnumerable<string> AllNamespaces =>
        new[] { BridgeNamespace, ClientNamespace }.Concat(Enumerable.Range(1, Nodes).Select(NodeNamespace));

    public static Ipv4Address NodeIp(int node) => new(ClientIp.Value - 2 + 10 + (uint)node);

    /// <summary>The first <paramref name="count"/> VIPs of the plan: 203.0.113.10–254, then 198.51.100.1–254.</summary>
    public static IReadOnlyList<Ipv4Address> DefaultVips(int count)
    {
        var first = Ipv4Address.Parse("203.0.113.10").Value;
        var second = Ipv4Address.Parse("198.51.100.1").Value;
        const int firstRange = 245; // .10 .. .254
        if (count is < 1 or > firstRange + 254)
            throw new ArgumentOutOfRangeException(nameof(count), $"1 to {firstRange + 254} VIPs");
        return Enumerable.Range(0, count)
            .Select(i => new Ipv4Address(i < firstRange ? first + (uint)i : second + (uint)(i - firstRange)))
            .ToList();
    }
}
