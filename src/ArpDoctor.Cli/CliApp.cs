using System.CommandLine;
using ArpDoctor.Cli.Agent;
using ArpDoctor.Cli.Analyze;
using ArpDoctor.Cli.Check;
using ArpDoctor.Cli.Completion;
using ArpDoctor.Cli.Doctor;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Cli.Fix;
using ArpDoctor.Cli.Lab;
using ArpDoctor.Cli.Locate;
using ArpDoctor.Cli.Probe;
using ArpDoctor.Cli.Scan;
using ArpDoctor.Cli.Watch;

namespace ArpDoctor.Cli;

/// <summary>Builds the command tree and runs one command line: the only place the verbs are wired up.</summary>
public static class CliApp
{
    public static RootCommand Build(CliContext cli)
    {
        var root = CliRunner.NewRoot();

        var doctor = new DoctorCommandDefinition();
        doctor.SetAction((parse, ct) => DoctorCommand.RunAsync(doctor, parse, cli, ct));
        root.Subcommands.Add(doctor);

        var probe = new ProbeCommandDefinition();
        probe.SetAction((parse, ct) => ProbeCommand.RunAsync(probe, parse, cli, ct));
        root.Subcommands.Add(probe);

        var scan = new ScanCommandDefinition();
        scan.SetAction((parse, ct) => ScanCommand.RunAsync(scan, parse, cli, ct));
        root.Subcommands.Add(scan);

        var analyze = new AnalyzeCommandDefinition();
        analyze.SetAction((parse, ct) => AnalyzeCommand.RunAsync(analyze, parse, cli, ct));
        root.Subcommands.Add(analyze);

        var check = new CheckCommandDefinition();
        check.SetAction((parse, ct) => CheckCommand.RunAsync(check, parse, cli, ct));
        root.Subcommands.Add(check);

        var fix = new FixCommandDefinition();
        fix.SetAction((parse, ct) => FixCommand.RunAsync(fix, parse, cli, ct));
        root.Subcommands.Add(fix);

        var locate = new LocateCommandDefinition();
        locate.SetAction((parse, ct) => LocateCommand.RunAsync(locate, parse, cli, ct));
        root.Subcommands.Add(locate);

        var watch = new WatchCommandDefinition();
        watch.SetAction((parse, ct) => WatchCommand.RunAsync(watch, parse, cli, ct));
        root.Subcommands.Add(watch);

        var agent = new AgentCommandDefinition();
        agent.SetAction((parse, ct) => AgentCommand.RunAsync(agent, parse, cli, ct));
        root.Subcommands.Add(agent);

        var completion = new CompletionCommandDefinition();
        completion.SetAction(parse => CompletionCommand.Run(completion, parse, cli));
        root.Subcommands.Add(completion);

        // The release's arpdoctor.1, made from this very tree (hidden: not a verb people look for).
        var man = new Command("man-page", "Print arpdoctor(1) in roff, from the command tree") { Hidden = true };
        man.SetAction(_ =>
        {
            cli.Output.Profile.Out.Writer.Write(ManPage.Render(root, CliRunner.Version, ReleaseDate(cli.Time)));
            return ExitCodes.Healthy;
        });
        root.Subcommands.Add(man);

        var lab = LabCommands.Build(cli);
        LabHelperCommands.AddTo(lab, cli);
        root.Subcommands.Add(lab);
        return root;
    }

    /// <summary>SOURCE_DATE_EPOCH when the build sets it (a reproducible page), else today.</summary>
    private static DateOnly ReleaseDate(TimeProvider time) =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), out var epoch)
            ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime)
            : DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public static Task<int> RunAsync(string[] args, CliContext cli, CancellationToken ct = default) =>
        CliRunner.RunAsync(Build(cli), args, cli, ct);
}
