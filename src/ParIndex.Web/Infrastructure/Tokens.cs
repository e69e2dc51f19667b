using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ParIndex.Web.Infrastructure;

/// <summary>Personal-link tokens: 256 random bits, URL-safe base64; only their SHA-256 is ever stored.</summary>
public static class Tokens
{
    public const int TokenBytes = 32;

    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    public static string Hash(string token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>A cheap shape check so malformed tokens never reach the database.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
