using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Analysis;

/// <summary>One node's claims of a VIP: how often it took it and gave it up, first and last.</summary>
public sealed record AnnouncerClaims(string Node, long Claims, long Releases, DateTimeOffset? First, DateTimeOffset? Last);

/// <summary>
/// A stretch in which one node held the VIP: from its claim to its release, or to the claim of a node that took it over
/// through a lease. <paramref name="Open"/>: still held at the end of the evidence (<paramref name="To"/> is then null).
/// </summary>
public sealed record ClaimHold(string Node, DateTimeOffset? From, DateTimeOffset? To, bool Open);

/// <summary>
/// Two nodes holding the VIP at once: the second claimed it while the first held it, with no release between, until one
/// of them gave it up (<paramref name="Open"/>: neither did before the evidence ends). Evidence of two announcers.
/// </summary>
public sealed record ClaimOverlap(string First, string Second, DateTimeOffset? From, DateTimeOffset? To, bool Open);

/// <summary>What the announcers' logs say about one VIP: every claim (the first <see cref="ClaimTally.MaxClaims"/>), per node,
/// who held it when, and when two held it at once.</summary>
/// <param name="Settle">For a VIP seen only through claims: what evidence would say which MACs answer for it.</param>
public sealed record ClaimReport(
    IReadOnlyList<Claim> Claims,
    bool ClaimsTruncated,
    IReadOnlyList<AnnouncerClaims> Announcers,
    IReadOnlyList<ClaimHold> Holds,
    IReadOnlyList<ClaimOverlap> Overlaps,
    string? Settle = null);

/// <summary>
/// Folds one VIP's <see cref="Claim"/>s, in the order the evidence gives them, into holds and overlaps. A claim opens its
/// node's hold (a repeated claim while holding adds none); a release closes it; a claim through a lease closes every
/// other hold (the lease changed hands). A named node claiming while another named node holds is two announcers at once:
/// an overlap, until one of them releases. A claim that names no node (<see cref="Claim.Anonymous"/>) may be any node's,
/// so it never makes an overlap. Memory is bounded by the number of nodes and <see cref="MaxClaims"/>.
/// </summary>
public sealed class ClaimTally
{
    public const int MaxClaims = 1000;
    public const int MaxHolds = 1000;

    private readonly List<Claim> _claims = [];
    private readonly Dictionary<string, AnnouncerClaims> _nodes = [];
    private readonly List<string> _order = [];
    private readonly List<ClaimHold> _holds = [];
    private readonly List<ClaimOverlap> _overlaps = [];
    private bool _truncated;

    public bool IsEmpty => _nodes.Count == 0;

    public void Add(Claim claim)
    {
        if (_claims.Count < MaxClaims) _claims.Add(claim);
        else _truncated = true;
        Count(claim);
        if (claim.Released)
        {
            Close(h => h.Node == claim.Node, claim.Time);
            return;
        }
        if (!claim.Anonymous)
            for (int i = 0; i < _holds.Count; i++)
                // The log's own announcer named in the same moment (kube-vip: "This node is starting with leadership", then
                // "Node [X] is assuming leadership"): one hold, now with its name.
                if (_holds[i] is { Open: true, Node: Claim.ThisAnnouncer } h && SameSecond(h.From, claim.Time) && !Holding(claim.Node))
                    _holds[i] = h with { Node = claim.Node };
        if (claim.Lease) Close(h => h.Node != claim.Node, claim.Time);
        if (Holding(claim.Node)) return;
        var others = _holds.Where(h => h.Open).ToList();
        if (claim.Anonymous && others.Count > 0) return;
        foreach (var other in others)
        {
            if (other.Node == Claim.ThisAnnouncer)
            {
                // The log's own announcer named at last: the same hold, now with its name.
                _holds[_holds.IndexOf(other)] = other with { Node = claim.Node };
                continue;
            }
            _overlaps.Add(new ClaimOverlap(other.Node, claim.Node, claim.Time, null, true));
        }
        if (Holding(claim.Node)) return;
        if (_holds.Count < MaxHolds) _holds.Add(new ClaimHold(claim.Node, claim.Time, null, true));
        else _truncated = true;
    }

    // Logs stamp to the second or finer; klog and logrus lines of one moment differ below the second.
    private static bool SameSecond(DateTimeOffset? a, DateTimeOffset? b) =>
        a is { } x && b is { } y ? x.UtcTicks / TimeSpan.TicksPerSecond == y.UtcTicks / TimeSpan.TicksPerSecond : a is null && b is null;

    private void Count(Claim claim)
    {
        if (!_nodes.TryGetValue(claim.Node, out var n))
        {
            n = new AnnouncerClaims(claim.Node, 0, 0, claim.Time, claim.Time);
            _order.Add(claim.Node);
        }
        _nodes[claim.Node] = n with
        {
            Claims = n.Claims + (claim.Released ? 0 : 1),
            Releases = n.Releases + (claim.Released ? 1 : 0),
            First = n.First ?? claim.Time,
            Last = claim.Time ?? n.Last,
        };
    }

    private bool Holding(string node) => _holds.Any(h => h.Open && h.Node == node);

    private void Close(Func<ClaimHold, bool> which, DateTimeOffset? time)
    {
        var closing = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _holds.Count; i++)
            if (_holds[i].Open && which(_holds[i]))
            {
                closing.Add(_holds[i].Node);
                _holds[i] = _holds[i] with { To = time, Open = false };
            }
        for (int i = 0; i < _overlaps.Count; i++)
            if (_overlaps[i].Open && (closing.Contains(_overlaps[i].First) || closing.Contains(_overlaps[i].Second)))
                _overlaps[i] = _overlaps[i] with { To = time, Open = false };
    }

    /// <param name="onlyClaims">Nothing else was seen of the VIP (no probe, reply or announcement): say what would settle who answers.</param>
    public ClaimReport? ToReport(bool onlyClaims, Packets.Ipv4Address vip) => IsEmpty ? null : new ClaimReport(
        _claims.ToList(), _truncated, _order.Select(n => _nodes[n]).ToList(), _holds.ToList(), _overlaps.ToList(),
        onlyClaims
            ? $"the announcers' logs say which node took {vip}, not which MACs answer for it: several probes from a client on its segment " +
              $"('arpdoctor probe {vip}', 'arping -b {vip}'), or a capture there, would show whether one MAC answers"
            : null);
}
