using System.Security.Cryptography;
using System.Text;

namespace ParIndex.Core.Sampling;

/// <summary>One person, household or organisation on a sampling frame.</summary>
public sealed record FrameRecord
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    /// <summary>Respondent group code, e.g. SO-HDND, XA-DAN.</summary>
    public required string GroupCode { get; init; }
    /// <summary>Code of the evaluated unit (Sở or xã/phường), e.g. SO-TP, P-HOANKIEM.</summary>
    public required string UnitCode { get; init; }
    /// <summary>Further columns of the frame, usable as strata (header as written, NFC).</summary>
    public IReadOnlyDictionary<string, string> Strata { get; init; } = new Dictionary<string, string>();
    /// <summary>Cluster id at stage 1 (e.g. xã/phường).</summary>
    public string? Cluster1 { get; init; }
    /// <summary>Cluster id at stage 2 (e.g. thôn / tổ dân phố), unique within its stage-1 cluster.</summary>
    public string? Cluster2 { get; init; }
    /// <summary>Cluster id at stage 3 (e.g. household).</summary>
    public string? Cluster3 { get; init; }
    /// <summary>Size measure for πps selection (households, staff, turnover…).</summary>
    public double? SizeMeasure { get; init; }
    /// <summary>Line in the source file where the record starts (0 when built in code).</summary>
    public int Line { get; init; }

    /// <summary>True when the row carries a name or any contact detail (stored apart from the design data).</summary>
    public bool HasContact => Name.Length > 0 || Phone is not null || Email is not null || Address is not null;

    public string? Cluster(int stage) => stage switch { 1 => Cluster1, 2 => Cluster2, 3 => Cluster3, _ => null };
}

/// <summary>A validated frame: unique ids, every row clean. <see cref="Version"/> identifies its content.</summary>
public sealed class Frame
{
    public Frame(IReadOnlyList<FrameRecord> records, string? version = null, string? source = null)
    {
        Records = records;
        Version = version ?? HashOf(records);
        Source = source;
    }

    public IReadOnlyList<FrameRecord> Records { get; }

    /// <summary>"sha256:…" of the imported file's bytes, or of the records when built in code.</summary>
    public string Version { get; }

    public string? Source { get; }

    public int Count => Records.Count;

    public static string HashOf(IEnumerable<FrameRecord> records)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in records)
        {
            var line = string.Join('\u001f', r.Id, r.Name, r.Phone, r.Email, r.Address, r.GroupCode, r.UnitCode,
                r.Cluster1, r.Cluster2, r.Cluster3, r.SizeMeasure?.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                string.Join('\u001e', r.Strata.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))) + "\n";
            sha.AppendData(Encoding.UTF8.GetBytes(line));
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string HashOf(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
