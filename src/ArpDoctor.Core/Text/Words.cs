using System.Globalization;

namespace ArpDoctor.Core.Text;

/// <summary>Counted words, the one place plurals are made: <c>1 reply</c>, <c>18 replies</c>, never <c>repl(ies)</c>.</summary>
public static class Words
{
    /// <summary><paramref name="n"/> and the noun in its number; the plural is <paramref name="one"/> + s unless given.</summary>
    public static string Count(long n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");

    /// <summary>The noun alone in the number of <paramref name="n"/>.</summary>
    public static string Noun(long n, string one, string? many = null) => n == 1 ? one : many ?? one + "s";
}
