using ArpDoctor.Core.History;
namespace ArpDoctor.Core.Analysis;

/// <summary>The arithmetic of "first reply wins".</summary>
public static class FlapMath
{
    /// <summary>
    /// Treats each re-resolution as an independent draw from the winners' shares pᵢ: two consecutive
    /// draws differ with chance q = 1 − Σ pᵢ². A client (a firewall's ARP cache) re-resolving every
    /// <paramref name="timeout"/> first moves after a geometric number of re-resolutions, mean 1/q, so
    /// after timeout ÷ q on average; never when q is 0.
    /// </summary>
    public static FlapOdds Odds(IEnumerable<double> shares, TimeSpan timeout, ShareBasis basis)
    {
        double sumSquares = 0, total = 0;
        foreach (var p in shares)
        {
            sumSquares += p * p;
            total += p;
        }
        double q = total <= 0 ? 0 : Math.Clamp(1 - sumSquares, 0, 1);
        // Shares below one in a billion are rounding noise, not a chance to move.
        if (q < 1e-9) q = 0;
        TimeSpan? expected = q == 0 || timeout <= TimeSpan.Zero
            ? null
            : TimeSpan.FromTicks((long)Math.Min(timeout.Ticks / q, TimeSpan.MaxValue.Ticks / 2.0));
        return new FlapOdds(q, timeout, expected, basis);
    }
}
