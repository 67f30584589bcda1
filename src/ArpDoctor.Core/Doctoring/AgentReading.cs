using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Doctoring;

/// <summary>
/// What one agent's scrape says of its latest round: the VIPs it probed and the MACs that answered each (its own node's
/// included when its kernel answers), the node addresses and their MACs (which MAC is which node's), how long ago the round
/// ended and how often the agent probes, the interfaces it probes on.
/// </summary>
/// <param name="Node">The node the agent runs on (its Pod's <c>spec.nodeName</c>).</param>
/// <param name="RoundAge">Time since its latest round ended, by its own clock at the scrape; <c>null</c> before its first round.</param>
/// <param name="Interval">Its time between rounds; <c>null</c> when it does not say.</param>
/// <param name="Unlisted">MACs heard for a VIP beyond those it lists, per VIP with any.</param>
/// <param name="KernelAnswers">The VIPs the agent's own node's kernel answers for (<c>arpdoctor_node_answers_vip</c>).</param>
public sealed record AgentReading(
    string Node, TimeSpan? RoundAge, TimeSpan? Interval,
    IReadOnlyDictionary<Ipv4Address, IReadOnlyList<MacAddress>> Vips,
    IReadOnlyDictionary<Ipv4Address, int> Unlisted,
    IReadOnlyDictionary<Ipv4Address, IReadOnlyList<MacAddress>> Addresses,
    IReadOnlyList<Ipv4Address> KernelAnswers,
    IReadOnlyList<string> Interfaces)
{
    /// <summary>
    /// The reading of an agent's <c>/metrics</c> text; <c>null</c> with the reason when the text does not read, or is no
    /// agent's, or is an agent's that does not export the MACs it hears.
    /// </summary>
    public static (AgentReading? Reading, string? Error) Of(string node, string metricsText)
    {
        var (samples, error) = MetricsText.Parse(metricsText);
        if (samples is null) return (null, $"its metrics do not read: {error}");
        if (!samples.Any(s => s.Name.StartsWith("arpdoctor_agent_", StringComparison.Ordinal)))
            return (null, "what answers on its metrics port is not an arpdoctor agent (no arpdoctor_agent_* metrics)");
        var counts = new Dictionary<Ipv4Address, int>();
        var vips = new Dictionary<Ipv4Address, List<MacAddress>>();
        var unlisted = new Dictionary<Ipv4Address, int>();
        var addresses = new Dictionary<Ipv4Address, List<MacAddress>>();
        var kernel = new List<Ipv4Address>();
        var interfaces = new List<string>();
        TimeSpan? age = null, interval = null;
        bool listsMacs = false;
        foreach (var s in samples)
        {
            switch (s.Name)
            {
                case "arpdoctor_vip_responders" when Ipv4Address.TryParse(s.Label("ip"), out var vip):
                    counts[vip] = Math.Max(counts.GetValueOrDefault(vip), (int)s.Value);
                    if (!vips.ContainsKey(vip)) vips[vip] = [];
                    break;
                case "arpdoctor_vip_responder" when Ipv4Address.TryParse(s.Label("ip"), out var vip) && MacAddress.TryParse(s.Label("mac"), out var mac):
                    var macs = vips.TryGetValue(vip, out var m) ? m : vips[vip] = [];
                    if (!macs.Contains(mac)) macs.Add(mac);
                    break;
                case "arpdoctor_vip_responders_unlisted" when Ipv4Address.TryParse(s.Label("ip"), out var vip):
                    listsMacs = true;
                    if (s.Value > 0) unlisted[vip] = Math.Max(unlisted.GetValueOrDefault(vip), (int)s.Value);
                    break;
                case "arpdoctor_node_address_responder" when s.Value > 0 && Ipv4Address.TryParse(s.Label("address"), out var address) && MacAddress.TryParse(s.Label("mac"), out var mac):
                    var owners = addresses.TryGetValue(address, out var a) ? a : addresses[address] = [];
                    if (!owners.Contains(mac)) owners.Add(mac);
                    break;
                case "arpdoctor_node_answers_vip" when s.Value > 0 && Ipv4Address.TryParse(s.Label("ip"), out var vip):
                    kernel.Add(vip);
                    break;
                case "arpdoctor_agent_interface_up" when s.Value > 0:
                    interfaces.Add(s.Label("interface"));
                    break;
                case "arpdoctor_agent_last_round_age_seconds" when double.IsFinite(s.Value) && s.Value >= 0:
                    age = TimeSpan.FromSeconds(s.Value);
                    break;
                case "arpdoctor_agent_interval_seconds" when double.IsFinite(s.Value) && s.Value > 0:
                    interval = TimeSpan.FromSeconds(s.Value);
                    break;
            }
        }
        // An agent from before the MAC lists counts responders but names none: it cannot say who answers.
        if (counts.Count > 0 && !listsMacs)
            return (null, "it counts responders but does not list their MACs (arpdoctor_vip_responder): an older agent; upgrade it");
        return (new AgentReading(node, age, interval,
            vips.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MacAddress>)kv.Value),
            unlisted,
            addresses.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MacAddress>)kv.Value),
            kernel.Distinct().ToList(), interfaces.Distinct().ToList()), null);
    }
}
