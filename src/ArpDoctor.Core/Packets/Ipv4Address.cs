using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace ArpDoctor.Core.Packets;

/// <summary>An IPv4 address as a host-order <see cref="uint"/>: cheap to compare, hash and store.</summary>
public readonly record struct Ipv4Address(uint Value) : IComparable<Ipv4Address>
{
    public static readonly Ipv4Address Any = new(0);

    public const int Length = 4;

    public static Ipv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    public static Ipv4Address FromIPAddress(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return Read(bytes);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[4];
        Write(bytes);
        return new IPAddress(bytes);
    }

    /// <summary>Strict dotted-quad parsing (no <c>10.1</c> shorthand, no IPv6).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out Ipv4Address address)
    {
        address = Any;
        text = text.Trim();
        uint value = 0;
        int parts = 0;
        while (true)
        {
            int dot = text.IndexOf('.');
            var part = dot < 0 ? text : text[..dot];
            if (part.Length is 0 or > 3) return false;
            uint octet = 0;
            foreach (var c in part)
            {
                if (c is < '0' or > '9') return false;
                octet = octet * 10 + (uint)(c - '0');
            }
            if (octet > 255) return false;
            value = (value << 8) | octet;
            parts++;
            if (dot < 0) break;
            if (parts == 4) return false;
            text = text[(dot + 1)..];
        }
        if (parts != 4) return false;
        address = new Ipv4Address(value);
        return true;
    }

    public static Ipv4Address Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an IPv4 address");

    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    public override string ToString() =>
        $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";
}
