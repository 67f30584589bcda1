using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Hosting;

/// <summary>Validation of user-typed values, each failure one sentence that names the value.</summary>
public static class Arguments
{
    public static bool TryVip(string text, out Ipv4Address vip, out string error)
    {
        error = "";
        if (Ipv4Address.TryParse(text, out vip))
        {
            if (VipAddresses.WhyNot(vip) is not { } why) return true;
            error = $"{text} cannot be a LoadBalancer VIP: {why}";
            return false;
        }
        if (IPAddress.TryParse(text, out var any) && any.AddressFamily == AddressFamily.InterNetworkV6)
            error = $"{text} is an IPv6 address; ARP is IPv4 only (IPv6 uses NDP, which arpdoctor does not cover yet)";
        else
            error = $"'{text}' is not an IPv4 address (expected dotted quad, e.g. 203.0.113.10)";
        return false;
    }

    /// <summary>A duration from <paramref name="minimum"/> to <see cref="Durations.Maximum"/>.</summary>
    public static bool TryDuration(string option, string text, TimeSpan minimum, out TimeSpan duration, out string error)
    {
        error = "";
        if (Durations.TryParse(text, out duration) && duration >= minimum) return true;
        error = minimum > TimeSpan.Zero
            ? $"{option} '{text}' is not a duration from {Durations.Format(minimum)} to 49d (e.g. {string.Join(", ", new[] { "1.5s", "30s", "10m", "24h" }.Where(e => Durations.TryParse(e, out var d) && d >= minimum))})"
            : $"{option} '{text}' is not a duration of at most 49d (e.g. 100ms, 1.5s, 30s, 24h)";
        return false;
    }

    /// <summary>
    /// A whole number written in decimal digits only (no sign, no fraction, no exponent, no spaces) within
    /// <paramref name="range"/>: <c>1.5</c>, <c>-1</c>, <c>NaN</c> and <c>99999999999</c> are each refused in one sentence.
    /// </summary>
    public static bool TryNumber(string option, string text, NumberRange range, out int value, out string error)
    {
        error = "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && range.Contains(value)) return true;
        error = $"{option} '{text}' is not a whole number from {range.Minimum} to {range.Maximum} ({range.Unit})";
        return false;
    }
}
