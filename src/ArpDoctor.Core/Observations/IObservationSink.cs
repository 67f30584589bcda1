using ArpDoctor.Core.Packets;

namespace ArpDoctor.Core.Observations;

/// <summary>Where a producer of observations puts them, and what it has to say about the evidence beside them.</summary>
public interface IObservationSink
{
    void Add(Observation observation);

    /// <summary>A warning about the evidence; with <paramref name="vip"/>, about that VIP's evidence.</summary>
    void Warn(string warning, Ipv4Address? vip = null);

    /// <summary>
    /// A source of several blocks of evidence (a paste of a cache snapshot and an arping run): a block with
    /// <paramref name="traits"/> begins. The source is judged by the traits of all its blocks.
    /// </summary>
    void AddTraits(SourceTraits traits) { }
}
