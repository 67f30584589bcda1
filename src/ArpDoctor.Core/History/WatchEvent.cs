using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.History;

/// <summary>What happened to a watched VIP. The words (<see cref="WatchEventNames.ToWord"/>) are the log's.</summary>
public enum WatchEventKind
{
    /// <summary>The first round that got an answer: the winner from now on.</summary>
    FirstSeen,
    /// <summary>The first reply now comes from another MAC than before: a client re-resolving moves.</summary>
    WinnerChanged,
    /// <summary>Someone announced the VIP (a gratuitous ARP: sender IP = target IP), as MetalLB's speaker does on failover.</summary>
    Announcement,
    /// <summary>More than one MAC answered one round (a new set of responders).</summary>
    Conflict,
    /// <summary>Nobody answered (first time, or after answers).</summary>
    NoAnswer,
    /// <summary>Answers again after <see cref="NoAnswer"/>.</summary>
    Recovered,
    /// <summary>The held TCP connection to the VIP broke.</summary>
    ConnectionDropped,
    /// <summary>
    /// After a conflict, one MAC alone answered <see cref="ResponderHistory.Confirm"/> rounds in a row: the conflict
    /// is over (strictARP turned on), whether or not the winner changed.
    /// </summary>
    OneResponder,
}

/// <summary>Why the winning MAC changed.</summary>
public enum ChangeCause
{
    /// <summary>A gratuitous ARP from the new MAC came first: a legitimate MetalLB failover.</summary>
    Failover,
    /// <summary>No announcement: another responder merely answered first this time.</summary>
    Flap,
    /// <summary>Fewer MACs answer than before and the new winner was one of them: a conflict being fixed (strictARP turned on).</summary>
    Fixed,
}

public static class WatchEventNames
{
    public static string ToWord(this WatchEventKind kind) => kind switch
    {
        WatchEventKind.FirstSeen => "first-seen",
        WatchEventKind.WinnerChanged => "winner-changed",
        WatchEventKind.Announcement => "announcement",
        WatchEventKind.Conflict => "conflict",
        WatchEventKind.NoAnswer => "no-answer",
        WatchEventKind.Recovered => "recovered",
        WatchEventKind.ConnectionDropped => "connection-dropped",
        WatchEventKind.OneResponder => "one-responder",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ToWord(this ChangeCause cause) => cause switch
    {
        ChangeCause.Failover => "failover",
        ChangeCause.Flap => "flap",
        ChangeCause.Fixed => "fixed",
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };

    public static bool TryParseKind(string? word, out WatchEventKind kind)
    {
        // Logs written before the glossary (README "Words") named three events differently.
        word = word switch { "mac-changed" => "winner-changed", "multiple-responders" => "conflict", "gratuitous" => "announcement", _ => word };
        foreach (var k in Enum.GetValues<WatchEventKind>())
        {
            if (k.ToWord() == word)
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static bool TryParseCause(string? word, out ChangeCause cause)
    {
        // "fix" is the older word for "fixed".
        cause = word switch { "failover" => ChangeCause.Failover, "fixed" or "fix" => ChangeCause.Fixed, _ => ChangeCause.Flap };
        return word is "failover" or "flap" or "fixed" or "fix";
    }
}

/// <summary>One line of the watch log.</summary>
/// <param name="Mac">The winner (or the announcer of an announcement); null when nobody answered.</param>
/// <param name="PreviousMac">The winner before this event, when there was one.</param>
/// <param name="Responders">Every MAC that answered the round behind the event.</param>
/// <param name="Cause">Set on <see cref="WatchEventKind.WinnerChanged"/>.</param>
/// <param name="SinceWinnerChange">On <see cref="WatchEventKind.ConnectionDropped"/>: time since the VIP's last <c>winner-changed</c>.</param>
/// <param name="Reason">On <see cref="WatchEventKind.ConnectionDropped"/>: what the connection said.</param>
public sealed record WatchEvent(
    DateTimeOffset Time,
    Ipv4Address Vip,
    WatchEventKind Kind,
    MacAddress? Mac,
    MacAddress? PreviousMac,
    IReadOnlyList<MacAddress> Responders,
    ChangeCause? Cause = null,
    TimeSpan? SinceWinnerChange = null,
    string? Reason = null);
