using System.Security.Cryptography;
using System.Text;

namespace ParIndex.Core.Scoring;

/// <summary>
/// SHA-256 over a score run's inputs fed in a fixed order (configuration, criteria, appraisal scores, every
/// response's answers and design values, engine version), each field length-prefixed so no two input sets collide
/// by concatenation. Equal hash = the same inputs, so a published figure can be reproduced and checked.
/// </summary>
public sealed class InputHash : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] buffer = new byte[4];

    public InputHash Add(string? value)
    {
        var bytes = value is null ? [] : Encoding.UTF8.GetBytes(value);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(buffer, value is null ? -1 : bytes.Length);
        hash.AppendData(buffer);
        hash.AppendData(bytes);
        return this;
    }

    public InputHash Add(double value) => Add(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

    public InputHash Add(long value) => Add(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Lower-case hex SHA-256.</summary>
    public string Finish() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public void Dispose() => hash.Dispose();
}
