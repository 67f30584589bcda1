using System.CommandLine;
using System.CommandLine.Parsing;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Cli.Hosting;

/// <summary>
/// The options and arguments several verbs take, declared once and parsed by System.CommandLine itself: a verb gets
/// a <see cref="TimeSpan"/>, an <see cref="Ipv4Address"/>, a number within its range, never a string to check. A value
/// that does not parse, or lies outside the option's range, is a usage error (exit 2) naming the option in our own
/// words, like every other parse error. Every number a verb takes is declared here (<see cref="Number"/>,
/// <see cref="Duration"/>): System.CommandLine's own int parsing reads "Cannot parse argument ... as expected type".
/// </summary>
public static class SharedOptions
{
    public static Option<string> Interface(string description) =>
        CompletesInterfaces(Name(new Option<string>("--interface", "-i") { Description = description, Required = true }));

    /// <summary>TAB after <c>-i</c> offers this network namespace's interfaces (<c>arpdoctor completion</c>).</summary>
    public static T CompletesInterfaces<T>(T option) where T : Option
    {
        option.CompletionSources.Add(_ => Linux.Interfaces.InterfaceCatalog.Names());
        return option;
    }

    /// <summary>
    /// Refuses an empty or blank value of an option that names something (an interface, a node, a context): <c>--node ''</c>
    /// would start an agent for a node with no name, which fails far from its cause.
    /// </summary>
    public static Option<T> Name<T>(Option<T> option)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (string.IsNullOrWhiteSpace(token.Value))
                    result.AddError($"{option.Name} '{token.Value}': a name is required, not an empty string");
        });
        return option;
    }

    /// <summary>
    /// A duration such as <c>100ms</c>, <c>1.5s</c>, <c>24h</c>, from <paramref name="minimum"/> (zero unless given) to
    /// <see cref="Durations.Maximum"/>.
    /// </summary>
    public static Option<Duration> Duration(string name, string description, string defaultValue, string? alias = null, TimeSpan? minimum = null)
    {
        if (!Durations.TryParse(defaultValue, out var fallback) || fallback < (minimum ?? TimeSpan.Zero))
            throw new ArgumentException($"default '{defaultValue}' is not a duration in range", nameof(defaultValue));
        var option = alias is null ? new Option<Duration>(name) : new Option<Duration>(name, alias);
        option.Description = minimum is { } least && least > TimeSpan.Zero ? $"{description} (at least {Durations.Format(least)})" : description;
        option.HelpName = "duration";
        option.DefaultValueFactory = _ => new Duration(fallback);
        option.CustomParser = result => ParseDuration(name, result, minimum ?? TimeSpan.Zero) ?? default;
        return option;
    }

    /// <summary>A duration that may be left out (null).</summary>
    public static Option<Duration?> OptionalDuration(string name, string description, string? alias = null)
    {
        var option = alias is null ? new Option<Duration?>(name) : new Option<Duration?>(name, alias);
        option.Description = description;
        option.HelpName = "duration";
        option.CustomParser = result => ParseDuration(name, result, TimeSpan.Zero);
        return option;
    }

    /// <summary>A whole number from <paramref name="range"/>'s minimum to its maximum, <paramref name="defaultValue"/> when not given.</summary>
    public static Option<int> Number(string name, string description, int defaultValue, NumberRange range, string? alias = null)
    {
        if (!range.Contains(defaultValue)) throw new ArgumentOutOfRangeException(nameof(defaultValue), $"default {defaultValue} is outside {range}");
        var option = NumberOption(name, description, range, alias);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A whole number in <paramref name="range"/> that must be given.</summary>
    public static Option<int> RequiredNumber(string name, string description, NumberRange range, string? alias = null)
    {
        var option = NumberOption(name, description, range, alias);
        option.Required = true;
        return option;
    }

    /// <summary>An argument that is a whole number in <paramref name="range"/>, e.g. lab failover's NODE.</summary>
    public static Argument<int> NumberArgument(string name, string description, NumberRange range) => new(name)
    {
        Description = $"{description} ({range.Minimum} to {range.Maximum})",
        CustomParser = result => ParseNumber(name, result, range),
    };

    private static Option<int> NumberOption(string name, string description, NumberRange range, string? alias)
    {
        var option = alias is null ? new Option<int>(name) : new Option<int>(name, alias);
        option.Description = $"{description} ({range.Minimum} to {range.Maximum})";
        option.HelpName = "n";
        option.CustomParser = result => ParseNumber(name, result, range);
        return option;
    }

    /// <summary><c>--source</c>: the sender IP in the probes; null means the interface's own.</summary>
    public static Option<Ipv4Address?> Source(string description, bool shortAlias = true)
    {
        var option = shortAlias ? new Option<Ipv4Address?>("--source", "-s") : new Option<Ipv4Address?>("--source");
        option.Description = description;
        option.HelpName = "ip";
        option.CustomParser = result =>
        {
            var text = Last(result);
            if (Ipv4Address.TryParse(text, out var ip)) return ip;
            result.AddError($"--source '{text}' is not an IPv4 address");
            return null;
        };
        return option;
    }

    /// <summary><c>--output</c>: one of <paramref name="formats"/>, the first by default.</summary>
    public static Option<string> Output(string description, params string[] formats)
    {
        var option = new Option<string>("--output", "-o") { Description = description, DefaultValueFactory = _ => formats[0] };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary>The highest <c>--rate</c> any verb takes (the send path's measured ceiling is about 85,000 frames/s).</summary>
    public const int MaxRate = 1_000_000;

    /// <summary><c>--rate</c>: probes per second, 1 to <see cref="MaxRate"/>.</summary>
    public static Option<int> Rate(string description, int defaultRate) =>
        Number("--rate", description, defaultRate, new NumberRange(1, MaxRate, "probes per second"), "-r");

    /// <summary>One VIP: an IPv4 address that can be a LoadBalancer's (<see cref="VipAddresses"/>).</summary>
    public static Argument<Ipv4Address> Vip(string description) => new("VIP")
    {
        Description = description,
        CustomParser = result =>
        {
            if (Arguments.TryVip(Last(result), out var vip, out var error)) return vip;
            result.AddError(error);
            return default;
        },
    };

    /// <summary>An option naming one VIP, e.g. <c>--vip</c>; null when not given.</summary>
    public static Option<Ipv4Address?> OptionalVip(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "vip",
        CustomParser = result =>
        {
            if (Arguments.TryVip(Last(result), out var vip, out var error)) return vip;
            result.AddError($"{name}: {error}");
            return null;
        },
    };

    /// <summary>One or more VIPs, each checked as <see cref="Vip"/>, duplicates dropped.</summary>
    public static Argument<Ipv4Address[]> Vips(string description) => new("VIP")
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result =>
        {
            var vips = new List<Ipv4Address>();
            foreach (var token in result.Tokens)
            {
                if (!Arguments.TryVip(token.Value, out var vip, out var error))
                {
                    result.AddError(error);
                    return [];
                }
                if (!vips.Contains(vip)) vips.Add(vip);
            }
            return [.. vips];
        },
    };

    private static string Last(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static Duration? ParseDuration(string name, ArgumentResult result, TimeSpan minimum)
    {
        var text = Last(result);
        if (Arguments.TryDuration(name, text, minimum, out var duration, out var error)) return new Duration(duration);
        result.AddError(error);
        return null;
    }

    private static int ParseNumber(string name, ArgumentResult result, NumberRange range)
    {
        var text = Last(result);
        if (Arguments.TryNumber(name, text, range, out var value, out var error)) return value;
        result.AddError(error);
        return default;
    }
}

/// <summary>The whole numbers an option takes, and what they count (for the error: "probes per second").</summary>
public readonly record struct NumberRange(int Minimum, int Maximum, string Unit)
{
    public bool Contains(int value) => value >= Minimum && value <= Maximum;

    public override string ToString() => $"{Minimum} to {Maximum} ({Unit})";
}

/// <summary>A duration option's value: a <see cref="TimeSpan"/> that help prints as it is typed (<c>100ms</c>, <c>10m</c>).</summary>
public readonly record struct Duration(TimeSpan Value)
{
    public static implicit operator TimeSpan(Duration d) => d.Value;

    public override string ToString() => Value switch
    {
        var v when v >= TimeSpan.FromHours(1) && v.Ticks % TimeSpan.TicksPerHour == 0 => $"{(long)v.TotalHours}h",
        var v when v >= TimeSpan.FromMinutes(1) && v.Ticks % TimeSpan.TicksPerMinute == 0 => $"{(long)v.TotalMinutes}m",
        var v => Durations.Format(v),
    };
}
