namespace ArpDoctor.Core.Packets;

/// <summary>ARP opcode (RFC 826 <c>ar$op</c>).</summary>
public enum ArpOperation : ushort
{
    Request = 1,
    Reply = 2,
}
