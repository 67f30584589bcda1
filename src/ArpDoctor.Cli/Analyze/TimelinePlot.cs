using ArpDoctor.Core.Analysis;
using ScottPlot;

namespace ArpDoctor.Cli.Analyze;

/// <summary>The timeline: one row per (VIP, MAC), a mark each time that MAC answered; filled where it won the probe.</summary>
public static class TimelinePlot
{
    public const int Width = 1000;
    public const int MaxRows = 40;
    /// <summary>Marks drawn per row and kind; more would make pages of megabytes without showing more.</summary>
    public const int MaxMarksPerRow = 500;

    public static string? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "png",
        ".svg" => "svg",
        _ => null,
    };

    public static void Save(AnalysisReport report, string path)
    {
        var (plot, height) = Build(report);
        if (FormatOf(path) == "svg") File.WriteAllText(path, plot.GetSvgXml(Width, height));
        else File.WriteAllBytes(path, plot.GetImageBytes(Width, height, ImageFormat.Png));
    }

    /// <summary>The plot as SVG markup, for embedding in a page.</summary>
    public static string ToSvg(AnalysisReport report)
    {
        var (plot, height) = Build(report);
        return plot.GetSvgXml(Width, height);
    }

    public static (Plot Plot, int Height) Build(AnalysisReport report)
    {
        var rows = report.Vips
            .SelectMany(v => v.Responders.Select(r => (v, r)))
            .OrderBy(x => x.v.Vip).ThenByDescending(x => x.r.Replies + x.r.Announcements)
            .Take(MaxRows)
            .ToList();
        bool clock = report.Vips.SelectMany(v => v.Timeline).Any() && report.Vips.SelectMany(v => v.Timeline).All(p => p.Time is not null);
        var origin = clock ? report.Vips.SelectMany(v => v.Timeline).Min(p => p.Time!.Value) : DateTimeOffset.MinValue;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var positions = new List<double>();
        var labels = new List<string>();
        for (int row = 0; row < rows.Count; row++)
        {
            var (vip, responder) = rows[row];
            double y = rows.Count - row;
            positions.Add(y);
            labels.Add(report.Vips.Count > 1 ? $"{vip.Vip} {responder.Mac}" : responder.Mac.ToString());
            var colour = palette.GetColor(row);
            var points = vip.Timeline.Where(p => p.Mac == responder.Mac).ToList();
            double X(TimelinePoint p) => clock ? (p.Time!.Value - origin).TotalSeconds : p.Probe;
            AddMarks(plot, points.Where(p => p.Mark == TimelineMark.Reply).Select(X), y, MarkerShape.OpenCircle, colour);
            AddMarks(plot, points.Where(p => p.Mark == TimelineMark.Winner).Select(X), y, MarkerShape.FilledCircle, colour);
            AddMarks(plot, points.Where(p => p.Mark == TimelineMark.Announcement).Select(X), y, MarkerShape.FilledTriangleUp, colour);
        }
        // Each change of phase as a dashed line, named, where the new phase's first probe was.
        foreach (var vip in report.Vips)
            foreach (var change in vip.Changes)
            {
                if (clock && change.At is null) continue;
                var line = plot.Add.VerticalLine(clock ? (change.At!.Value - origin).TotalSeconds : change.AtProbe, 1, Colors.Gray);
                line.LinePattern = LinePattern.Dashed;
                line.Text = report.Vips.Count > 1 ? $"{vip.Vip} {PhaseText.Word(change.Kind)}" : PhaseText.Word(change.Kind);
            }
        if (positions.Count > 0)
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.ToArray(), labels.ToArray());
        plot.Axes.SetLimitsY(0.3, rows.Count + 0.7);
        plot.XLabel(clock ? $"seconds since {origin.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "probe");
        plot.Title("Which MAC answered when (filled: first reply; triangle: announcement; dashed: new phase)");
        return (plot, 140 + 28 * Math.Max(rows.Count, 2));
    }

    private static void AddMarks(Plot plot, IEnumerable<double> xs, double y, MarkerShape shape, Color colour)
    {
        var all = xs.ToArray();
        if (all.Length == 0) return;
        var x = all.Length <= MaxMarksPerRow
            ? all
            : Enumerable.Range(0, MaxMarksPerRow).Select(i => all[(int)((long)i * all.Length / MaxMarksPerRow)]).ToArray();
        var ys = Enumerable.Repeat(y, x.Length).ToArray();
        plot.Add.Markers(x, ys, shape, 9, colour);
    }
}
