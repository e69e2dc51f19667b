using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Distribution;

/// <summary>Options of personal links: the secret tokens are derived from, and the public address printed on letters.</summary>
public sealed class PersonalLinkOptions
{
    public const string Section = "Links";

    /// <summary>At least 32 characters, kept out of the database (environment, secret store). Required outside Development/demo.</summary>
    public string? Secret { get; set; }

    /// <summary>Where a generated secret is kept in Development/demo (0600); a relative path resolves like the database's (<see cref="Data.DataLocation"/>).</summary>
    public string SecretFile { get; set; } = "data/keys/link-secret";

    /// <summary>Public address respondents open (e.g. https://khaosat.hanoi.gov.vn); when empty, the request's own host.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>
/// Derives an invitation's token as base64url(HMAC-SHA256(secret, "invitation:{id}:{salt}")). Only the token's SHA-256
/// is stored; the secret lives outside the database, so the app can re-render a link (letter, QR, export, e-mail) while
/// a database dump alone yields no working link. Revoking is a status change; reissuing is a new row with a new salt.
/// </summary>
public sealed class LinkTokens
{
    private readonly byte[] secret;

    public LinkTokens(IOptions<PersonalLinkOptions> options, IHostEnvironment env, IOptions<Data.DatabaseOptions> database, ILogger<LinkTokens> log)
    {
        var o = options.Value;
        if (o.Secret is { Length: > 0 } configured)
        {
            if (configured.Length < 32) throw new InvalidOperationException("Links:Secret must be at least 32 characters.");
            secret = Encoding.UTF8.GetBytes(configured);
            return;
        }
        if (!env.IsDevelopment() && !database.Value.SeedDemo)
            throw new InvalidOperationException("Links:Secret is required outside Development/demo (see docs/operations.md).");
        secret = Encoding.UTF8.GetBytes(ReadOrCreateSecretFile(Data.DataLocation.Resolve(o.SecretFile), log));
    }

    internal LinkTokens(string secret) => this.secret = Encoding.UTF8.GetBytes(secret);

    public static string NewSalt()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The token of a saved invitation (its Id is known); null for legacy random tokens without salt.</summary>
    public string? TokenOf(Invitation invitation)
    {
        if (invitation.Salt is null || invitation.Id == 0) return null;
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"invitation:{invitation.Id}:{invitation.Salt}"));
        return Base64Url.EncodeToString(mac);
    }

    /// <summary>Gives a saved invitation with a salt its token hash; returns the token.</summary>
    public string Seal(Invitation invitation)
    {
        var token = TokenOf(invitation) ?? throw new InvalidOperationException("Save the invitation with a salt first.");
        invitation.TokenHash = Tokens.Hash(token);
        return token;
    }

    /// <summary>A placeholder hash, unique and matching no token, for the moment between insert and seal.</summary>
    public static string PendingHash() => Tokens.Hash("pending:" + Guid.NewGuid().ToString("N"));

    private static string ReadOrCreateSecretFile(string path, ILogger log)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        try
        {
            WriteOwnerOnly(path, value);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs, so every node derives the same links.
            return File.ReadAllText(path).Trim();
        }
        log.LogWarning("Generated a personal-link secret in {Path}; set Links:Secret in production", path);
        return value;
    }

    private static void WriteOwnerOnly(string path, string value)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream)) writer.Write(value);
    }
}
