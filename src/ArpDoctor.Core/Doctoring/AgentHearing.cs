using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Doctoring;

/// <summary>The agents' latest rounds as one hearing, the stale ones left out, and where it came from in words.</summary>
/// <param name="Hearing">Every MAC any fresh agent heard for each address it probed; <c>Replies</c> counts the agents that heard it
/// (an agent lists each MAC once a round), <c>Wins</c> is 0 (the agents do not export who answered first); <c>null</c> when no
/// agent's round is evidence.</param>
/// <param name="Vantage">E.g. <c>agent on n1, n2 (round 4s ago)</c>: the agents read and the oldest of their rounds.</param>
/// <param name="NotDone">What the agents could not show, one line each: stale rounds, VIPs no agent probed, MACs beyond the lists.</param>
public sealed record AgentHearing(Hearing? Hearing, string? Vantage, IReadOnlyList<string> NotDone)
{
    /// <summary>A round older than this many intervals is stale: the agent is stuck or gone, and its result is not evidence.</summary>
    public const int StaleAfterIntervals = 3;

    /// <summary>The interval assumed for an agent that does not say its own (the agent's default).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    /// <param name="vips">The cluster's layer-2 VIPs: one no fresh agent probed is named.</param>
    public static AgentHearing Of(IReadOnlyList<AgentReading> readings, IReadOnlyList<Ipv4Address> vips)
    {
        var notDone = new List<string>();
        var fresh = new List<AgentReading>();
        foreach (var r in readings)
        {
            var interval = r.Interval ?? DefaultInterval;
            if (r.RoundAge is not { } age)
                notDone.Add($"agent on {r.Node} has not finished a probe round yet: nothing of it is evidence");
            else if (age > StaleAfter(interval))
                notDone.Add($"agent on {r.Node}: its latest round ended {Durations.Format(Whole(age))} ago, more than {StaleAfterIntervals} intervals ({Durations.Format(interval)} each): stale, not evidence");
            else fresh.Add(r);
        }
        if (fresh.Count == 0) return new AgentHearing(null, null, notDone);

        var answers = new Dictionary<Ipv4Address, Dictionary<MacAddress, int>>();
        foreach (var r in fresh)
            foreach (var (address, macs) in r.Vips.Concat(r.Addresses))
            {
                var tally = answers.TryGetValue(address, out var t) ? t : answers[address] = [];
                foreach (var mac in macs) tally[mac] = tally.GetValueOrDefault(mac) + 1;
            }
        foreach (var r in fresh)
            foreach (var (vip, more) in r.Unlisted.OrderBy(kv => kv.Key))
                notDone.Add($"agent on {r.Node} heard {more} more {(more == 1 ? "MAC" : "MACs")} for {vip} than it lists (at most 16 a VIP): those are not mapped");
        foreach (var vip in vips.Distinct().Where(v => !fresh.Any(r => r.Vips.ContainsKey(v))))
            notDone.Add($"no agent probed {vip} (none has an interface on its network, or it is newer than their latest round)");

        var interfaces = fresh.SelectMany(r => r.Interfaces).Distinct(StringComparer.Ordinal).ToList();
        var hearing = new Hearing(interfaces.Count == 1 ? interfaces[0] : interfaces.Count == 0 ? "IFACE" : string.Join(",", interfaces), fresh.Count,
            answers.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<HeardFrom>)kv.Value.OrderByDescending(x => x.Value).ThenBy(x => x.Key)
                .Select(x => new HeardFrom(x.Key, x.Value, 0)).ToList()));
        var oldest = Whole(fresh.Max(r => r.RoundAge!.Value));
        var vantage = $"agent on {string.Join(", ", fresh.Select(r => r.Node))} (round {Durations.Format(oldest)} ago)";
        return new AgentHearing(hearing, vantage, notDone);
    }

    public static TimeSpan StaleAfter(TimeSpan interval) => StaleAfterIntervals * interval;

    private static TimeSpan Whole(TimeSpan t) => TimeSpan.FromSeconds(Math.Round(t.TotalSeconds));
}
