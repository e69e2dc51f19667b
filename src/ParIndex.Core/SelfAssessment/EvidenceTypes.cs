using System.IO.Compression;

namespace ParIndex.Core.SelfAssessment;

/// <summary>
/// Which evidence documents are accepted, decided from the file's own bytes (magic numbers and, for Office files, the
/// package's structure) and required to agree with its extension. A browser's Content-Type is never trusted.
/// Macro-enabled Office files are refused: the .docm/.xlsm/.pptm extensions are unknown, and a package that carries a
/// VBA project, ActiveX controls or a macro-enabled content type under any name (a .docx with <c>vbaProject.bin</c>),
/// or an OpenDocument file with Basic or script folders, is refused too. Legacy binary Office files (.doc, .xls, .ppt:
/// OLE2 compound files, which may hold macros this check cannot see) are refused whatever their name — save them as
/// .docx/.xlsx/.pptx or PDF.
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
            ".docx" or ".xlsx" or ".pptx" => head.StartsWith("PK\x03\x04"u8) && ZipHas(file, "[Content_Types].xml", ext) && !HasMacros(file),
            ".odt" or ".ods" => head.StartsWith("PK\x03\x04"u8) && ZipHas(file, "mimetype", null) && !HasMacros(file),
            _ => false,
        };
        file.Position = 0;
        return ok ? type : null;
    }

    /// <summary>The parts that carry code in an Office or OpenDocument package, whatever the file is called.</summary>
    private static readonly string[] CodeParts = ["vbaProject.bin", "vbaProjectSignature.bin", "vbaData.xml"];

    /// <summary>
    /// True when the package carries macros or controls: a VBA project part, ActiveX binaries, a content type that says
    /// macro-enabled or VBA, or OpenDocument Basic/script folders. Only the zip's directory and at most 1 MB of
    /// <c>[Content_Types].xml</c> are read; nothing is inflated beyond that.
    /// </summary>
    private static bool HasMacros(Stream file)
    {
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var e in zip.Entries)
            {
                var name = e.FullName.Replace('\\', '/');
                var leaf = name[(name.LastIndexOf('/') + 1)..];
                if (CodeParts.Any(p => leaf.Equals(p, StringComparison.OrdinalIgnoreCase))) return true;
                if (name.Contains("/activeX/", StringComparison.OrdinalIgnoreCase) && leaf.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)) return true;
                if (name.StartsWith("Basic/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Scripts/", StringComparison.OrdinalIgnoreCase)) return true;
            }
            if (zip.GetEntry("[Content_Types].xml") is not { } types) return false;
            using var reader = new StreamReader(types.Open(), System.Text.Encoding.UTF8);
            var buffer = new char[1 << 20];
            var text = new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length));
            return text.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase) || text.Contains("vbaProject", StringComparison.OrdinalIgnoreCase)
                   || text.Contains("ms-office.activeX", StringComparison.OrdinalIgnoreCase) || text.Contains("vbaData", StringComparison.OrdinalIgnoreCase);
        }
        catch (InvalidDataException)
        {
            return true;
        }
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
