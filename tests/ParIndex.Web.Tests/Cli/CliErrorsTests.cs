using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ParIndex.Cli;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Cli;

/// <summary>
/// What the CLI says when it cannot do its work: a missing, empty or foreign database is refused in one sentence in both
/// languages with exit code 1 and no file created; any other failure reaching the top is one line, never a stack trace.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CliErrorsTests(ParIndexFactory app) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parindex-cli-").FullName;

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await CliProgram.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static void OneLine(string error)
    {
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("round", "list")]
    [InlineData("user", "list")]
    [InlineData("score", "--round", "1")]
    [InlineData("backup", "--out", "backup.db")]
    public async Task A_command_on_a_missing_database_says_so_in_one_sentence_and_creates_no_file(params string[] command)
    {
        var missing = Path.Combine(dir, "nowhere", "parindex.db");
        var (code, _, error) = await Run([.. command, "--db", $"Data Source={missing}"]);
        Assert.Equal(1, code);
        OneLine(error);
        Assert.Contains($"Không tìm thấy cơ sở dữ liệu {missing}", error);
        Assert.Contains($"No database at {missing}", error);
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public async Task An_empty_file_or_a_database_that_is_not_parindex_is_refused_without_being_touched()
    {
        var empty = Path.Combine(dir, "empty.db");
        await File.WriteAllBytesAsync(empty, []);
        var r = await Run("round", "list", "--db", $"Data Source={empty}");
        Assert.Equal(1, r.Code);
        OneLine(r.Error);
        Assert.Contains("trống", r.Error);
        Assert.Contains("is empty", r.Error);
        Assert.Equal(0, new FileInfo(empty).Length);

        var foreign = Path.Combine(dir, "foreign.db");
        using (var c = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE notes (id INTEGER);";
            cmd.ExecuteNonQuery();
        }
        r = await Run("user", "list", "--db", $"Data Source={foreign}");
        Assert.Equal(1, r.Code);
        OneLine(r.Error);
        Assert.Contains("no migration history", r.Error);
    }

    [Fact]
    public async Task Any_other_failure_is_one_line_with_exit_code_one()
    {
        Assert.True(await app.WithDb(db => db.Rounds.AnyAsync())); // the app is up and its database migrated and seeded
        var r = await Run("round", "import-units", "--round", "1", "--file", Path.Combine(dir, "no-such-file.csv"), "--db", $"Data Source={app.DatabasePath}");
        Assert.Equal(1, r.Code);
        OneLine(r.Error);
        Assert.Contains("no-such-file.csv", r.Error);
        // Usage errors stay exit code 2.
        Assert.Equal(2, (await Run("round", "frobnicate", "--db", $"Data Source={app.DatabasePath}")).Code);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
