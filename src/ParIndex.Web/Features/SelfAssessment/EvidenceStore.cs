using System.Security.Cryptography;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>
/// Evidence files on disk, outside the web root (static files never serve them): each under a random 32-hex name, so
/// a uploaded name never becomes a path. Only <see cref="EvidenceDownload"/> reads them back, as attachments.
/// </summary>
public sealed class EvidenceStore(string directory, long maxBytes, int maxFilesPerLine = 20)
{
    public string Directory { get; } = directory;

    public long MaxBytes { get; } = maxBytes;

    public int MaxFilesPerLine { get; } = maxFilesPerLine;

    public sealed record Stored(string StorageName, string ContentType, long Length, string Sha256);

    /// <summary>
    /// Copies <paramref name="upload"/> (at most <see cref="MaxBytes"/>), checks its type from its bytes, and keeps it.
    /// Refuses with <c>evidence-too-large</c>, <c>evidence-empty</c> or <c>evidence-type</c>; nothing is kept then.
    /// </summary>
    public async Task<Stored> SaveAsync(string fileName, Stream upload, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var temp = Path.Combine(Directory, name + ".part");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                long total = 0;
                int n;
                while ((n = await upload.ReadAsync(buffer, ct)) > 0)
                {
                    total += n;
                    if (total > MaxBytes)
                        throw new DomainException("evidence-too-large", $"Tệp “{fileName}” lớn hơn giới hạn {MaxBytes / (1024 * 1024)} MB.");
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                if (total == 0) throw new DomainException("evidence-empty", $"Tệp “{fileName}” rỗng.");
                var type = EvidenceTypes.Detect(fileName, file)
                    ?? throw new DomainException("evidence-type",
                        $"Tệp “{fileName}” không phải là tài liệu được chấp nhận (PDF, ảnh PNG/JPEG, Word .docx, Excel .xlsx, PowerPoint .pptx, OpenDocument) hoặc nội dung không khớp với phần mở rộng. Tệp có macro và tệp Office định dạng cũ (.doc, .xls, .ppt) không được nhận: hãy lưu lại thành .docx/.xlsx/.pptx hoặc PDF.");
                file.Position = 0;
                var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
                await file.FlushAsync(ct);
                file.Close();
                File.Move(temp, Path.Combine(Directory, name));
                return new Stored(name, type, total, hash);
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The stored file's full path; only ever built from a 32-hex storage name the database holds.</summary>
    public string PathOf(string storageName)
    {
        if (storageName.Length != 32 || !storageName.All(char.IsAsciiHexDigitLower)) throw new ArgumentException("Not a storage name.", nameof(storageName));
        return Path.Combine(Directory, storageName);
    }

    /// <summary>Removes a stored file whose database row was not written (the upload's transaction failed).</summary>
    public void Forget(string storageName)
    {
        var path = PathOf(storageName);
        if (File.Exists(path)) File.Delete(path);
    }
}
