using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Data;

namespace ParIndex.Cli;

/// <summary>
/// The database a command works on, checked before it is used: a command that reads or changes an existing database
/// never creates one. A SQLite file that does not exist, is empty (no tables) or lacks migrations is refused with one
/// sentence in Vietnamese and English and exit code 1 — not a stack trace, not a new empty file. Only <c>db migrate</c>,
/// <c>db seed-demo</c> and <c>restore</c> create a database.
/// </summary>
public static class CliDatabase
{
    private const string Fix = "chạy ứng dụng web một lần (dotnet run --project src/ParIndex.Web) hoặc parindex db migrate, hoặc chỉ rõ --db";
    private const string FixEn = "start the web app once (dotnet run --project src/ParIndex.Web) or run parindex db migrate, or pass --db";

    /// <summary>The options of <paramref name="args"/>, after checking that the database exists and is up to date.</summary>
    public static async Task<DatabaseOptions> ExistingAsync(CliArgs args)
    {
        var options = args.Database();
        if (!DatabaseSetup.IsPostgres(options.Provider))
        {
            var file = DatabaseSetup.SqliteFile(options.ConnectionString);
            if (file is not null && !File.Exists(file))
                throw new CliRefusal($"Không tìm thấy cơ sở dữ liệu {file}: {Fix}. / No database at {file}: {FixEn}.");
            if (file is not null)
            {
                var (tables, history) = Tables(file);
                if (tables == 0)
                    throw new CliRefusal($"Cơ sở dữ liệu {file} trống, chưa có bảng nào: {Fix}. / The database {file} is empty, it has no tables: {FixEn}.");
                if (!history) throw NeverSetUp(file);
            }
        }
        await using var db = DatabaseSetup.CreateContext(options);
        var where = DatabaseSetup.SqliteFile(options.ConnectionString) ?? "PostgreSQL";
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        if (applied.Count == 0) throw NeverSetUp(where);
        var pending = (await db.Database.GetPendingMigrationsAsync()).Count();
        if (pending > 0)
            throw new CliRefusal($"Cơ sở dữ liệu {where} cần cập nhật cấu trúc ({pending} bản chưa áp dụng): chạy parindex db migrate. / The database {where} needs {pending} migration(s): run parindex db migrate.");
        return options;
    }

    private static CliRefusal NeverSetUp(string where) => new(
        $"Cơ sở dữ liệu {where} chưa được khởi tạo cho ParIndex (không có lịch sử cập nhật cấu trúc): {Fix}. / The database {where} was never set up for ParIndex (no migration history): {FixEn}.");

    /// <summary>
    /// The tables of a SQLite file and whether EF's migration history is one of them, read on a read-only connection (an
    /// empty file has no tables and stays empty; a file that is not SQLite is refused).
    /// </summary>
    private static (int Tables, bool History) Tables(string file)
    {
        try
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*), coalesce(sum(name = '__EFMigrationsHistory'), 0) FROM sqlite_master WHERE type = 'table';";
            using var r = cmd.ExecuteReader();
            r.Read();
            return (r.GetInt32(0), r.GetInt32(1) > 0);
        }
        catch (SqliteException e)
        {
            throw new CliRefusal($"{file} không phải cơ sở dữ liệu SQLite đọc được ({e.SqliteErrorCode}): {Fix}. / {file} is not a readable SQLite database: {FixEn}.");
        }
    }

    /// <summary>A context on the checked database (<see cref="ExistingAsync"/>).</summary>
    public static async Task<ParIndexDbContext> OpenExistingAsync(CliArgs args) => DatabaseSetup.CreateContext(await ExistingAsync(args));
}

/// <summary>A refusal of the input or of the state (exit code 1), printed as one line.</summary>
public sealed class CliRefusal(string message) : Exception(message);
