using Microsoft.Data.Sqlite;

namespace ParIndex.Web.Features.Backup;

public sealed class BackupException(string message) : Exception(message);

/// <summary>
/// Online, consistent backups of the SQLite database with SQLite's backup API: the copy is one committed state of the
/// database even while the server keeps writing (WAL readers see a snapshot), and is checked with
/// <c>PRAGMA integrity_check</c> before it is reported as done. Restore goes through the same API, page by page under
/// SQLite's locks, after checking the backup; it refuses a database that looks in use unless forced.
/// </summary>
public static class DatabaseBackup
{
    public sealed record Report(string File, long Bytes, int Tables, string Integrity);

    public static Report Backup(string sourceConnectionString, string outFile, bool overwrite = false)
    {
        var source = DataSource(sourceConnectionString);
        if (!File.Exists(source)) throw new BackupException($"database not found: {source}");
        outFile = Path.GetFullPath(outFile);
        if (File.Exists(outFile) && !overwrite) throw new BackupException($"{outFile} exists; choose another file");
        Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
        var partial = outFile + ".partial";
        File.Delete(partial);
        using (var from = Open(source, SqliteOpenMode.ReadOnly))
        using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
        {
            from.BackupDatabase(to);
            // A backup is one self-contained file: no -wal beside it.
            Exec(to, "PRAGMA journal_mode=DELETE;");
        }
        var report = Check(partial);
        File.Move(partial, outFile, overwrite);
        return report with { File = outFile };
    }

    /// <summary>
    /// Replaces the database at <paramref name="targetConnectionString"/> with the backup. A database with a
    /// <c>-wal</c> or <c>-shm</c> file beside it is in use (or was not closed cleanly): refused unless <paramref name="force"/>.
    /// </summary>
    public static Report Restore(string backupFile, string targetConnectionString, bool force)
    {
        backupFile = Path.GetFullPath(backupFile);
        if (!File.Exists(backupFile)) throw new BackupException($"backup not found: {backupFile}");
        Check(backupFile);
        var target = DataSource(targetConnectionString);
        if (!force && InUse(target))
            throw new BackupException($"{target} appears to be in use (its -wal/-shm files exist): stop the server first, or pass --force");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using (var from = Open(backupFile, SqliteOpenMode.ReadOnly))
        using (var to = Open(target, SqliteOpenMode.ReadWriteCreate))
        {
            Exec(to, "PRAGMA busy_timeout=10000;");
            from.BackupDatabase(to);
            Exec(to, "PRAGMA journal_mode=WAL;");
        }
        return Check(target);
    }

    /// <summary>
    /// True when another connection has the database open: in WAL mode every open connection holds a shared lock,
    /// so an exclusive lock cannot be had; a leftover -wal/-shm also means "in use or not closed cleanly".
    /// </summary>
    public static bool InUse(string file)
    {
        if (!File.Exists(file)) return false;
        if (File.Exists(file + "-wal") || File.Exists(file + "-shm")) return true;
        try
        {
            using var c = Open(file, SqliteOpenMode.ReadWrite);
            Exec(c, "PRAGMA busy_timeout=0; PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;");
            return false;
        }
        catch (SqliteException)
        {
            return true;
        }
    }

    /// <summary>Runs <c>PRAGMA integrity_check</c> and makes sure the file is a ParIndex database.</summary>
    public static Report Check(string file)
    {
        using var c = Open(file, SqliteOpenMode.ReadOnly);
        string integrity;
        int tables;
        try
        {
            integrity = Scalar(c, "PRAGMA integrity_check;");
            tables = int.Parse(Scalar(c, "SELECT count(*) FROM sqlite_master WHERE type='table';"), System.Globalization.CultureInfo.InvariantCulture);
            if (tables > 0 && Scalar(c, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='__EFMigrationsHistory';") == "0")
                throw new BackupException($"{file} is not a ParIndex database (no migration history)");
        }
        catch (SqliteException e)
        {
            throw new BackupException($"{file} is not a readable SQLite database: {e.Message}");
        }
        if (integrity != "ok") throw new BackupException($"integrity check of {file} failed: {integrity}");
        if (tables == 0) throw new BackupException($"{file} is empty");
        return new Report(file, new FileInfo(file).Length, tables, integrity);
    }

    private static string DataSource(string connectionString) => Data.DataLocation.Resolve(new SqliteConnectionStringBuilder(connectionString).DataSource);

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
