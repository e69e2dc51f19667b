using System.Security.Cryptography;
using System.Text;

namespace ParIndex.Core.Scoring;

/// <summary>
/// SHA-256 over a score run's inputs fed in a fixed order (configuration, criteria, appraisal scores, every
/// response's answers and design values, engine version), each field length-prefixed so no two input sets collide
/// by concatenation. Equal hash = the same inputs, so a published figure can be reproduced and checked.
/// A field is its UTF-8 bytes after a little-endian Int32 byte count (−1 for null); numbers are their invariant
/// text (doubles round-trip "R"). Nothing is allocated per field: a million responses hash at the speed of SHA-256.
/// </summary>
public sealed class InputHash : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] prefix = new byte[4];
    private byte[] scratch = new byte[256];

    public InputHash Add(string? value)
    {
        if (value is null) return Length(-1);
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > scratch.Length) scratch = new byte[Math.Max(max, scratch.Length * 2)];
        return AddUtf8(scratch.AsSpan(0, Encoding.UTF8.GetBytes(value, scratch)));
    }

    /// <summary>A text field given as its UTF-8 bytes (hashes as <see cref="Add(string?)"/> of the decoded text).</summary>
    public InputHash AddUtf8(ReadOnlySpan<byte> utf8)
    {
        Length(utf8.Length);
        hash.AppendData(utf8);
        return this;
    }

    public InputHash Add(double value)
    {
        Span<byte> text = stackalloc byte[32];
        // "R" on .NET Core 3.0+ is the shortest round-trip text, the same as ToString("R").
        if (!value.TryFormat(text, out var n, "R", System.Globalization.CultureInfo.InvariantCulture)) return Add(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        return AddUtf8(text[..n]);
    }

    public InputHash Add(long value)
    {
        Span<byte> text = stackalloc byte[24];
        value.TryFormat(text, out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        return AddUtf8(text[..n]);
    }

    private InputHash Length(int length)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(prefix, length);
        hash.AppendData(prefix);
        return this;
    }

    /// <summary>Lower-case hex SHA-256.</summary>
    public string Finish() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public void Dispose() => hash.Dispose();
}
