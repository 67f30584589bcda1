using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Scanning;

namespace ArpDoctor.Core.Doctoring;

/// <summary>
/// Probes every VIP and every node InternalIP together, in <paramref name="rounds"/> scans over one link (the
/// <see cref="Scanner"/>, so the one engine): each round sends one broadcast request per address, so fifty VIPs take a
/// round's wait, not fifty. Who answered first in each round counts as that round's win.
/// </summary>
public sealed class DoctorSurvey(IArpLink link, TimeProvider time)
{
    public const int DefaultRounds = 3;

    /// <param name="progress">Hears the round about to start (1-based) and the rounds in all.</param>
    public async Task<Hearing> RunAsync(IReadOnlyList<Ipv4Address> addresses, Ipv4Address sourceIp, int rounds, TimeSpan wait,
        Action<int, int>? progress, CancellationToken ct)
    {
        var targets = addresses.Distinct().ToList();
        var tallies = targets.ToDictionary(t => t, _ => new Dictionary<MacAddress, (int Replies, int Wins)>());
        var scanner = new Scanner(link, time);
        for (int round = 1; round <= rounds; round++)
        {
            progress?.Invoke(round, rounds);
            var result = await scanner.ScanAsync(new ScanRequest(targets, sourceIp, link.Mac, ScanRequest.DefaultRate, 0, wait), ct).ConfigureAwait(false);
            foreach (var target in result.Results)
            {
                var tally = tallies[target.Vip];
                foreach (var r in target.Responders)
                {
                    var (replies, wins) = tally.GetValueOrDefault(r.Mac);
                    tally[r.Mac] = (replies + r.Replies, wins + (target.Winner == r.Mac ? 1 : 0));
                }
            }
        }
        return new Hearing(link.Name, rounds, tallies.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyList<HeardFrom>)kv.Value.OrderByDescending(x => x.Value.Wins).ThenBy(x => x.Key).Select(x => new HeardFrom(x.Key, x.Value.Replies, x.Value.Wins)).ToList()));
    }
}
