using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Evidence;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;

namespace ArpDoctor.Cli.Analyze;

/// <summary>Parses <c>analyze</c>'s options, reads every input into one analysis, renders, maps the verdict to an exit code.</summary>
public static class AnalyzeCommand
{
    private const string Verb = "analyze";

    public static async Task<int> RunAsync(AnalyzeCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        var files = parse.GetValue(def.Files) ?? [];
        var format = parse.GetValue(def.Format)!;
        var vip = parse.GetValue(def.Vip);
        TimeSpan timeout = parse.GetValue(def.FirewallTimeout);
        var plotPath = parse.GetValue(def.Plot);
        if (plotPath is not null && TimelinePlot.FormatOf(plotPath) is null)
            return cli.Fail(ExitCodes.Usage, Verb, $"--plot {plotPath}: the name must end in .png or .svg");
        if (files.Count(f => f == "-") > 1)
            return cli.Fail(ExitCodes.Usage, Verb, "'-' (standard input) can be given once");

        if (!TryTime(parse.GetValue(def.Since), "--since", out var since, out var sinceError))
            return cli.Fail(ExitCodes.Usage, Verb, sinceError);
        if (!TryTime(parse.GetValue(def.Until), "--until", out var until, out var untilError))
            return cli.Fail(ExitCodes.Usage, Verb, untilError);
        if (since is { } s && until is { } u && u < s)
            return cli.Fail(ExitCodes.Usage, Verb, "--until is before --since");

        var analysis = new EvidenceAnalysis(vip, window: new TimeWindow(since, until));
        List<EvidenceInput> inputs, unread;
        try
        {
            // Opening a named pipe waits for a writer and reading a pipe waits for data; no token ends either. The reading
            // runs aside and a signal ends the wait for it, so Ctrl-C and SIGTERM stop a blocked open or read at once.
            (inputs, unread) = await Task.Run(() => ReadAll(files, analysis, cli, ct), ct).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return cli.Fail(ExitCodes.Interrupted, Verb, "interrupted");
        }
        catch (IOException e)
        {
            // Reading a file again, or the copy of what was piped in, where its clock goes back.
            return cli.Fail(ExitCodes.Environment, Verb, $"cannot read the evidence again: {e.Message}");
        }
        // Each input that could not be read is one line, and the others are still analysed; with none read, that is all.
        foreach (var input in unread) cli.Fail(ExitCodes.Usage, Verb, $"{EvidenceFiles.Called(input.Name)}: {input.Error}");
        if (unread.Count == files.Length) return ExitCodes.Usage;
        analysis.SkipLines(inputs.Sum(i => i.Skipped));
        var report = analysis.ToReport(timeout);
        if (plotPath is not null)
        {
            try
            {
                TimelinePlot.Save(report, plotPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return cli.Fail(ExitCodes.Environment, Verb, $"--plot {plotPath}: cannot write: {e.Message}");
            }
        }
        AnalyzeRenderer.Render(report, inputs, format, cli.Output, cli.Vendors, unread);
        return ExitCode(report.Outcome, unread.Count);
    }

    /// <summary>
    /// The worst of the inputs: a problem found (1) outranks an input that could not be read (2), which outranks healthy
    /// (0). A script learns of a conflict whatever else went wrong, and never reads 0 while a file went unread.
    /// </summary>
    /// With every input read, cannot tell (5) where the evidence is too thin.
    public static int ExitCode(VerdictOutcome outcome, int unread) =>
        outcome == VerdictOutcome.Problem ? ExitCodes.Problem : unread > 0 ? ExitCodes.Usage : ExitCodes.Of(outcome);

    /// <summary>The same for a verdict that is healthy or a problem.</summary>
    public static int ExitCode(bool healthy, int unread) => ExitCode(healthy ? VerdictOutcome.Healthy : VerdictOutcome.Problem, unread);

    /// <summary>Every input into one analysis, in time order; those that cannot be read, with why.</summary>
    private static (List<EvidenceInput> Inputs, List<EvidenceInput> Unread) ReadAll(string[] files, EvidenceAnalysis analysis, CliContext cli, CancellationToken ct) =>
        EvidenceFiles.ReadAll(files, analysis, cli.OpenStandardInput, ct);

    private static bool TryTime(string? text, string option, out DateTimeOffset? time, out string error)
    {
        time = null;
        error = "";
        if (text is null) return true;
        if (DateStamps.TryParse(text, out var t))
        {
            time = t;
            return true;
        }
        error = $"{option} '{text}': not a time (ISO 8601 like 2026-11-30T13:00:00Z, '2026-11-30 13:00:00' in UTC, or as date prints it)";
        return false;
    }
}
