using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Linux.LiveCapture;
using Xunit;

namespace ArpDoctor.Cli.Tests.Hosting;

/// <summary>
/// Every number any verb takes, found by walking the command tree (a new option is swept without touching this file),
/// given values people mistype: each is a one-line usage error (exit 2) in ArpDoctor's words, or, where the value is
/// valid for that option (0 or 1.5 for a duration), a run that ends without a crash. <c>scan -r fast</c> was an
/// unhandled exception (exit 134) and <c>--count abc</c> read "Cannot parse argument 'abc' ... 'System.Int32'".
/// </summary>
public class NumericOptionSweepTests
{
    /// <summary>Never a number any option takes: not a number, negative, beyond every range, NaN.</summary>
    private static readonly string[] AlwaysRefused = ["abc", "-1", "99999999999", "NaN"];

    /// <summary>A whole-number option refuses both; a duration may take either.</summary>
    private static readonly string[] MaybeValid = ["1.5", "0"];

    private static readonly HashSet<Type> Numeric =
    [
        typeof(int), typeof(long), typeof(short), typeof(uint), typeof(ulong), typeof(ushort), typeof(byte),
        typeof(double), typeof(float), typeof(decimal), typeof(TimeSpan), typeof(Duration),
    ];

    private static readonly HashSet<Type> Whole = [typeof(int), typeof(long), typeof(short), typeof(uint), typeof(ulong), typeof(ushort), typeof(byte)];

    /// <summary>What to give a required argument or option that is not the one swept, so the command line gets as far as the number.</summary>
    private static readonly Dictionary<string, string> Fillers = new(StringComparer.Ordinal)
    {
        ["VIP"] = "203.0.113.10",
        ["TARGETS"] = "203.0.113.10",
        ["FILE"] = "/nonexistent/evidence.txt",
        ["MODE"] = "loose",
        ["NODE"] = "1",
        ["--interface"] = "fake0",
        ["--port"] = "1",
    };

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, _, symbol) in NumericSymbols(CliApp.Build(new CliHarness().Context)))
            foreach (var value in AlwaysRefused.Concat(MaybeValid))
                data.Add(path, symbol.Name, value);
        return data;
    }

    [Fact]
    public void The_sweep_finds_the_numbers_of_every_verb()
    {
        var found = NumericSymbols(CliApp.Build(new CliHarness().Context)).Select(s => $"{s.Path} {s.Symbol.Name}").ToList();
        foreach (var expected in new[] { "probe --count", "scan --rate", "scan --retries", "watch --rate", "watch --interval", "agent --rate",
                     "agent --event-interval", "locate --count", "check --request-timeout", "fix --timeout", "analyze --firewall-timeout",
                     "lab up --nodes", "lab failover NODE", "lab tcp-listen --port" })
            Assert.Contains(expected, found);
    }

    [Fact]
    public void Every_number_is_parsed_by_the_shared_option_with_its_range()
    {
        // System.CommandLine's own parsing of an int is what said "Cannot parse argument"; ours names the option and its range.
        foreach (var (path, _, symbol) in NumericSymbols(CliApp.Build(new CliHarness().Context)))
            Assert.True(symbol.GetType().GetProperty("CustomParser")!.GetValue(symbol) is not null,
                $"{path} {symbol.Name} is not declared through SharedOptions (Number, Duration)");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_mistyped_number_is_one_line_exit_2_in_our_words_never_a_crash(string path, string symbol, string value)
    {
        var root = CliApp.Build(new CliHarness().Context);
        var (_, command, swept) = NumericSymbols(root).Single(s => s.Path == path && s.Symbol.Name == symbol);
        var args = CommandLine(path, command, swept, value);

        // The lab verbs build namespaces as root: the sweep must never reach their action.
        if (path.StartsWith("lab ", StringComparison.Ordinal) && !command.Hidden)
            Assert.True(root.Parse(args).Errors.Count > 0, $"{string.Join(' ', args)} would build or change a lab; give this sweep a harmless way to run it");

        var cli = new CliHarness(_ => (null, new LinkError(LinkErrorKind.NoSuchInterface, "no such interface: fake0")));
        // A value that slips through must not start something that runs until stopped (a listener on port 0 did): 130 fails below.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int exit = await CliApp.RunAsync(args, cli.Context, stop.Token);

        var lines = cli.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 1, $"{string.Join(' ', args)}: more than one line on stderr:\n{cli.Err}");
        Assert.DoesNotContain("   at ", cli.Err);
        Assert.DoesNotContain("unexpected error", cli.Err);
        bool refused = exit == ExitCodes.Usage && lines.Length == 1 && lines[0].Contains($"{symbol} '{value}'", StringComparison.Ordinal);
        bool mustRefuse = AlwaysRefused.Contains(value) || (value == "1.5" && Whole.Contains(Underlying(swept)));
        if (mustRefuse)
        {
            Assert.Equal(ExitCodes.Usage, exit);
            var line = Assert.Single(lines);
            Assert.StartsWith($"arpdoctor: {path}: {symbol} '{value}' is not ", line);
            Assert.DoesNotContain("Cannot parse", line);
            Assert.True(refused);
        }
        else
        {
            // Valid here: the run goes on and stops at the next thing the sweep did not provide (no link, no kubeconfig, no file).
            Assert.Contains(exit, new[] { ExitCodes.Healthy, ExitCodes.Problem, ExitCodes.Usage, ExitCodes.Environment, ExitCodes.KubernetesApi });
        }
    }

    private static string[] CommandLine(string path, Command command, Symbol swept, string value)
    {
        var args = new List<string>(path.Split(' '));
        foreach (var argument in command.Arguments)
        {
            if (argument == swept) args.Add(value);
            else if (argument.Arity.MinimumNumberOfValues > 0)
                args.Add(Fillers.TryGetValue(argument.Name, out var filler) ? filler : throw new InvalidOperationException($"{path}: no filler for argument {argument.Name}"));
        }
        foreach (var option in command.Options)
        {
            if (option == swept || !option.Required) continue;
            args.Add(option.Name);
            args.Add(Fillers.TryGetValue(option.Name, out var filler) ? filler : throw new InvalidOperationException($"{path}: no filler for option {option.Name}"));
        }
        // Verbs that talk to a cluster never reach one from this sweep.
        if (command.Options.Any(o => o.Name == "--kubeconfig")) args.AddRange(["--kubeconfig", "/nonexistent/kubeconfig"]);
        if (swept is Option option1) args.AddRange([option1.Name, value]);
        return [.. args];
    }

    /// <summary>Every option or argument of every command whose value is a number or a duration, with the words that reach its command.</summary>
    private static IEnumerable<(string Path, Command Command, Symbol Symbol)> NumericSymbols(Command root)
    {
        var pending = new Stack<(string Path, Command Command)>(root.Subcommands.Select(c => (c.Name, c)));
        while (pending.Count > 0)
        {
            var (path, command) = pending.Pop();
            foreach (var sub in command.Subcommands) pending.Push(($"{path} {sub.Name}", sub));
            foreach (var option in command.Options.Where(o => Numeric.Contains(Underlying(o))))
                yield return (path, command, option);
            foreach (var argument in command.Arguments.Where(a => Numeric.Contains(Underlying(a))))
                yield return (path, command, argument);
        }
    }

    private static Type Underlying(Symbol symbol)
    {
        var type = symbol switch
        {
            Option o => o.ValueType,
            Argument a => a.ValueType,
            _ => typeof(void),
        };
        return Nullable.GetUnderlyingType(type) ?? type;
    }
}
