using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// Writes a batch's new responses, their answer sets and the invitations they used in the caller's transaction — the
/// group commit's hot path: on SQLite with a prepared statement per table re-bound per row, on PostgreSQL as two
/// batches (one round trip each); the invitations they used are marked by one UPDATE. Change tracking costs about a millisecond per
/// submission on this hardware; a prepared statement re-bound per row costs a few microseconds. Table and column
/// names, and how each value is bound (Guid, DateTime, enums), come from the EF model, so the rows are exactly the
/// ones EF would write on SQLite and on PostgreSQL. A unique-index violation surfaces as
/// <see cref="DbUpdateException"/>, like EF's own, so <see cref="SubmitResponse.Store"/> settles races the same way.
/// </summary>
public static class SubmissionRows
{
    public static async Task WriteAsync(ParIndexDbContext db, IReadOnlyList<Response> fresh, IReadOnlyList<int> usedInvitations, CancellationToken ct)
    {
        if (fresh.Count == 0 && usedInvitations.Count == 0) return;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("New submissions are written inside the batch's transaction.");
        var connection = transaction.Connection!;
        try
        {
            if (fresh.Count > 0)
            {
                var responseType = db.Model.FindEntityType(typeof(Response))!;
                var setType = db.Model.FindEntityType(typeof(AnswerSet))!;
                if (connection.CanCreateBatch)
                {
                    // PostgreSQL: every statement of the batch in one round trip (one for the responses, one for their
                    // answer sets, which need the responses' ids) instead of one round trip per row.
                    await InsertBatchedAsync(db, connection, transaction, responseType, fresh, (r, id) => r.Id = id, ct);
                    foreach (var r in fresh) foreach (var set in r.AnswerSets) set.ResponseId = r.Id;
                    await InsertBatchedAsync(db, connection, transaction, setType, fresh.SelectMany(r => r.AnswerSets).ToList(), (a, id) => a.Id = id, ct);
                }
                else
                {
                    // SQLite: in-process, no round trips; one prepared statement per table, re-bound per row.
                    await using var responses = Insert(db, connection, transaction, responseType);
                    await using var sets = Insert(db, connection, transaction, setType);
                    foreach (var r in fresh)
                    {
                        responses.Bind(r);
                        r.Id = Convert.ToInt64(await responses.Command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                        foreach (var set in r.AnswerSets)
                        {
                            set.ResponseId = r.Id;
                            sets.Bind(set);
                            set.Id = Convert.ToInt64(await sets.Command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                        }
                    }
                }
            }
            if (usedInvitations.Count > 0)
            {
                // One statement for the batch, the ids as one array parameter (see DatabaseSetup.Configure).
                var ids = usedInvitations.Distinct().ToList();
                await db.Invitations.Where(i => ids.Contains(i.Id) && i.Status != InvitationStatus.Used)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Used), ct);
            }
        }
        catch (DbException e)
        {
            throw new DbUpdateException("Writing a batch of submissions failed: " + e.Message, e);
        }
    }

    /// <summary>Inserts <paramref name="rows"/> in one <see cref="DbBatch"/> (one round trip) and sets each row's generated key.</summary>
    private static async Task InsertBatchedAsync<T>(ParIndexDbContext db, DbConnection connection, DbTransaction transaction, IEntityType entity,
        IReadOnlyList<T> rows, Action<T, long> setKey, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var (text, properties) = InsertSql(db, entity);
        await using var scratch = connection.CreateCommand();   // only to create parameters the way EF does
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var row in rows)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = text;
            for (var i = 0; i < properties.Length; i++)
            {
                var p = properties[i];
                command.Parameters.Add(p.GetRelationalTypeMapping().CreateParameter(scratch, "p" + i, p.GetGetter().GetClrValue(row), p.IsNullable));
            }
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        foreach (var row in rows)
        {
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"Inserting {entity.DisplayName()} returned no key.");
            setKey(row, reader.GetInt64(0));
            await reader.NextResultAsync(ct);
        }
    }

    private sealed record InsertStatement(string Text, IProperty[] Properties);

    /// <summary>Built once per entity type of a model (a model is one provider's), not once per batch.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IEntityType, InsertStatement> Inserts = new();

    private static InsertStatement InsertSql(ParIndexDbContext db, IEntityType entity) =>
        Inserts.GetValue(entity, e =>
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = e.GetProperties().Where(p => !p.IsPrimaryKey()).ToArray();
            var key = e.FindPrimaryKey()!.Properties.Single();
            return new InsertStatement($"INSERT INTO {sql.Table(e)} ({string.Join(", ", properties.Select(sql.Column))}) "
                                       + $"VALUES ({string.Join(", ", properties.Select((_, i) => "@p" + i))}) RETURNING {sql.Column(key)}", properties);
        });

    /// <summary>An INSERT of every mapped column but the generated key (taken from the model, so a new property is never left out).</summary>
    private static Statement Insert(ParIndexDbContext db, DbConnection connection, DbTransaction transaction, IEntityType entity)
    {
        var (text, properties) = InsertSql(db, entity);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return new Statement(command, properties);
    }

    private sealed class Statement(DbCommand command, IProperty[] properties) : IAsyncDisposable
    {
        public DbCommand Command => command;

        /// <summary>Binds one entity's values the way EF binds them (the property's type mapping and converter).</summary>
        public void Bind(object entity)
        {
            command.Parameters.Clear();
            for (var i = 0; i < properties.Length; i++)
            {
                var p = properties[i];
                command.Parameters.Add(p.GetRelationalTypeMapping().CreateParameter(command, "p" + i, p.GetGetter().GetClrValue(entity), p.IsNullable));
            }
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
