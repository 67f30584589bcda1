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
        List<EvidenceInput> inputs;
        try
        {
            // Opening a named pipe waits for a writer and reading a pipe waits for data; no token ends either. The reading
            // runs aside and a signal ends the wait for it, so Ctrl-C and SIGTERM stop a blocked open or read at once.
            var (read, failure) = await Task.Run(() => ReadAll(files, analysis, cli, ct), ct).WaitAsync(ct).ConfigureAwait(false);
            if (failure is not null) return cli.Fail(ExitCodes.Usage, Verb, failure);
            inputs = read;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return cli.Fail(ExitCodes.Interrupted, Verb, "interrupted");
        }
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
        AnalyzeRenderer.Render(report, inputs, format, cli.Output, cli.Vendors);
        return report.IsHealthy ? ExitCodes.Healthy : ExitCodes.Problem;
    }

    /// <summary>Every input into one analysis, in time order; the first that cannot be read ends it with why.</summary>
    private static (List<EvidenceInput> Inputs, string? Failure) ReadAll(string[] files, EvidenceAnalysis analysis, CliContext cli, CancellationToken ct) =>
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
