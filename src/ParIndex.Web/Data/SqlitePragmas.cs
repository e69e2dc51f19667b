using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ParIndex.Web.Data;

/// <summary>
/// Sets the pragmas every SQLite connection needs: WAL so readers never block the writer, synchronous=FULL so a
/// commit that returned is on disk (an acknowledged response survives a power cut), and a busy timeout instead of
/// immediate SQLITE_BUSY under concurrent writers. The pragmas belong to the native connection, which the pool keeps
/// between opens, so they are set once per native connection rather than on every open.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    // wal_autocheckpoint: the web node checkpoints in the background (SqliteCheckpointer); a commit checkpoints only
    // as a safety net once the WAL passes 10,000 pages (about 40 MiB) — SQLite's default is 1,000.
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=10000;";

    private static readonly ConditionalWeakTable<object, object> Applied = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection, out var handle)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Applied.AddOrUpdate(handle, handle);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragmas(connection, out var handle)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Applied.AddOrUpdate(handle, handle);
    }

    private static bool NeedsPragmas(DbConnection connection, out object handle)
    {
        handle = null!;
        if (connection is not SqliteConnection { Handle: { } native }) return false;
        handle = native;
        return !Applied.TryGetValue(native, out _);
    }
}
