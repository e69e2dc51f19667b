using System.IO.Compression;

namespace ParIndex.Core.SelfAssessment;

/// <summary>
/// Which evidence documents are accepted, decided from the file's own bytes (magic numbers and, for Office files, the
/// package's structure) and required to agree with its extension. A browser's Content-Type is never trusted.
/// Macro-enabled Office files (.docm, .xlsm) and anything executable are refused by construction: only the types
/// below are known.
/// </summary>
public static class EvidenceTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".doc"] = "application/msword",
        [".xls"] = "application/vnd.ms-excel",
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
    };

    public static IReadOnlyCollection<string> Extensions => ByExtension.Keys;

    /// <summary>
    /// The content type of <paramref name="file"/> when its bytes are one of the accepted types and agree with the
    /// extension of <paramref name="fileName"/>; otherwise null. The stream must be seekable; its position is reset.
    /// </summary>
    public static string? Detect(string fileName, Stream file)
    {
        var ext = Path.GetExtension(fileName);
        if (!ByExtension.TryGetValue(ext, out var type)) return null;
        Span<byte> head = stackalloc byte[8];
        file.Position = 0;
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        head = head[..n];
        var ok = ext.ToLowerInvariant() switch
        {
            ".pdf" => head.StartsWith("%PDF-"u8),
            ".png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            ".jpg" or ".jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
            ".doc" or ".xls" or ".ppt" => head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            ".docx" or ".xlsx" or ".pptx" => head.StartsWith("PK\x03\x04"u8) && ZipHas(file, "[Content_Types].xml", ext),
            ".odt" or ".ods" => head.StartsWith("PK\x03\x04"u8) && ZipHas(file, "mimetype", null),
            _ => false,
        };
        file.Position = 0;
        return ok ? type : null;
    }

    /// <summary>An Office package must be a readable zip holding <paramref name="entry"/> and, for OOXML, the part of its kind (word/, xl/, ppt/).</summary>
    private static bool ZipHas(Stream file, string entry, string? ooxmlExtension)
    {
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry(entry) is null) return false;
            var folder = ooxmlExtension?.ToLowerInvariant() switch { ".docx" => "word/", ".xlsx" => "xl/", ".pptx" => "ppt/", _ => null };
            return folder is null || zip.Entries.Any(e => e.FullName.StartsWith(folder, StringComparison.Ordinal));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
