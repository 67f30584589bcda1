using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace ArpDoctor.Core.Packets;

/// <summary>A 48-bit IEEE 802 MAC address, held in the low 48 bits of a <see cref="ulong"/>.</summary>
public readonly record struct MacAddress(ulong Value) : IComparable<MacAddress>
{
    public static readonly MacAddress Zero = new(0);
    public static readonly MacAddress Broadcast = new(0xFFFF_FFFF_FFFFUL);

    public const int Length = 6;

    /// <summary>The I/G bit (0x01 of the first octet): a group address, never the sender of a valid reply.</summary>
    public bool IsMulticast => (Value & 0x0100_0000_0000UL) != 0;

    /// <summary>The U/L bit (0x02 of the first octet): set by software (veth, containers, bridges, random MACs), not assigned by the IEEE.</summary>
    public bool IsLocallyAdministered => (Value & 0x0200_0000_0000UL) != 0;

    /// <summary>Reads six bytes in network order.</summary>
    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)Value);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        Write(bytes);
        return bytes;
    }

    /// <summary>Accepts <c>aa:bb:cc:dd:ee:ff</c>, <c>aa-bb-..</c> and bare <c>aabbccddeeff</c>, any case;
    /// also single-digit groups as arping and <c>arp -a</c> sometimes print them (<c>0:c:29:..</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out MacAddress mac)
    {
        mac = Zero;
        text = text.Trim();
        ulong value = 0;
        int groups = 0, digits = 0;
        if (text.Length == 12 && !text.ContainsAny(':', '-'))
        {
            foreach (var c in text)
            {
                int d = HexValue(c);
                if (d < 0) return false;
                value = (value << 4) | (uint)d;
            }
            mac = new MacAddress(value);
            return true;
        }
        ulong group = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ':' || text[i] == '-')
            {
                if (digits is 0 or > 2) return false;
                value = (value << 8) | group;
                groups++;
                group = 0;
                digits = 0;
                continue;
            }
            int d = HexValue(text[i]);
            if (d < 0) return false;
            group = (group << 4) | (uint)d;
            digits++;
        }
        if (groups != 6) return false;
        mac = new MacAddress(value);
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address");

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public int CompareTo(MacAddress other) => Value.CompareTo(other.Value);

    /// <summary>Lowercase, colon separated: <c>aa:bb:cc:dd:ee:ff</c>.</summary>
    public override string ToString() => string.Create(17, Value, static (span, v) =>
    {
        const string hex = "0123456789abcdef";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(v >> (40 - 8 * i));
            span[i * 3] = hex[b >> 4];
            span[i * 3 + 1] = hex[b & 0xF];
            if (i < 5) span[i * 3 + 2] = ':';
        }
    });

    /// <summary>Uppercase, as iputils arping prints it: <c>AA:BB:CC:DD:EE:FF</c>.</summary>
    public string ToUpperString() => ToString().ToUpperInvariant();
}
