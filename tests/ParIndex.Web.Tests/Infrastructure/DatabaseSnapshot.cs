using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// A canonical dump of an app's SQLite database: every table's rows as text, sorted, so two snapshots compare equal
/// exactly when no row was added, removed or changed. Tables named in <c>ignored</c> are left out (the audit log, which
/// every change writes to by design, and the data-protection keys).
/// </summary>
public sealed class DatabaseSnapshot
{
    private readonly Dictionary<string, List<string>> tables;

    private DatabaseSnapshot(Dictionary<string, List<string>> tables) => this.tables = tables;

    public static DatabaseSnapshot Take(string databasePath, IReadOnlySet<string> ignored)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var names = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) names.Add(reader.GetString(0));
        }
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in names.Where(n => !ignored.Contains(n)))
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{name}\"";
            using var reader = select.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                    cells[i] = reader.GetName(i) + "=" + (reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) switch
                    {
                        { Length: > 120 } text => text[..120] + "…",
                        var s => s,
                    });
                rows.Add(string.Join(" | ", cells));
            }
            rows.Sort(StringComparer.Ordinal);
            tables[name] = rows;
        }
        return new DatabaseSnapshot(tables);
    }

    /// <summary>Per changed table, a line saying what changed (a few rows removed and added): empty when equal.</summary>
    public Dictionary<string, string> Differences(DatabaseSnapshot after)
    {
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in tables.Keys.Union(after.tables.Keys))
        {
            var before = tables.GetValueOrDefault(name) ?? [];
            var now = after.tables.GetValueOrDefault(name) ?? [];
            if (before.SequenceEqual(now)) continue;
            var removed = before.Except(now).ToList();
            var added = now.Except(before).ToList();
            changes[name] = $"{before.Count} → {now.Count} rows; removed {removed.Count}: {string.Join(" ¦ ", removed.Take(2))}; added {added.Count}: {string.Join(" ¦ ", added.Take(2))}";
        }
        return changes;
    }
}
