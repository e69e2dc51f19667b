using ParIndex.Web.Features.Backup;

namespace ParIndex.Cli.Commands;

/// <summary>
/// <c>parindex backup --out FILE [--db CONN]</c>: an online, consistent copy while the server runs.
/// <c>parindex restore --from FILE [--db CONN] [--force]</c>: checks the backup, then replaces the database
/// (refused while the database looks in use unless --force).
/// </summary>
public static class BackupCommands
{
    public static int Backup(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CliArgs(args, "overwrite");
        var database = CliDatabase.ExistingAsync(a).GetAwaiter().GetResult();
        return Guard(stderr, () =>
        {
            var r = DatabaseBackup.Backup(database.ConnectionString, a.Require("out"), a.Has("overwrite"));
            stdout.WriteLine($"Backup written: {r.File} ({r.Bytes} bytes, {r.Tables} tables, integrity {r.Integrity}).");
        });
    }

    public static int Restore(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CliArgs(args, "force");
        return Guard(stderr, () =>
        {
            var r = DatabaseBackup.Restore(a.Require("from"), Connection(a), a.Has("force"));
            stdout.WriteLine($"Restored into {r.File} ({r.Tables} tables, integrity {r.Integrity}). Start the server again.");
        });
    }

    private static string Connection(CliArgs a) =>
        a.Database().ConnectionString;

    private static int Guard(TextWriter stderr, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (BackupException e)
        {
            stderr.WriteLine($"parindex: {e.Message}");
            return 1;
        }
    }
}
