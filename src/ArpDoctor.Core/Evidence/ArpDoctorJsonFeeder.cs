using ArpDoctor.Core.Analysis;
using ArpDoctor.Core.Observations;

namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Feeds the rounds <see cref="ArpDoctorJsonReader"/> yields to an <see cref="EvidenceAnalysis"/>, a line at a time,
/// as <see cref="TextEvidenceReader"/> hands them over: each round is a probe and its replies, in their order.
/// </summary>
public sealed class ArpDoctorJsonFeeder(EvidenceAnalysis analysis)
{
    private readonly ArpDoctorJsonReader _reader = new();

    public long Documents => _reader.Documents;

    /// <summary>One line of text; null when it was read, else what is wrong with it (or with an earlier line of its document).</summary>
    public EvidenceError? Line(string text, long number)
    {
        var error = _reader.Line(text, number, out var observations);
        foreach (var observation in observations) Feed(analysis, observation);
        return error;
    }

    /// <summary>At the end of the text: an unfinished document is an error.</summary>
    public EvidenceError? End(long lastLine) => _reader.End(lastLine);

    /// <summary>A round is a probe (dated when the evidence has a clock) and every reply to it; the reader yields nothing else.</summary>
    public static void Feed(EvidenceAnalysis analysis, Observation observation)
    {
        if (observation is not Round round || analysis.For(round.Vip) is not { } vip) return;
        vip.BeginProbe(round.Time);
        foreach (var reply in round.Replies) vip.Reply(reply.Mac, reply.Time);
        vip.EndProbe();
    }
}
