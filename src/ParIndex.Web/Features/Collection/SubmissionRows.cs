using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// Writes a batch's new responses, their answer sets and the invitations they used with three prepared statements
/// in the caller's transaction — the group commit's hot path. Change tracking costs about a millisecond per
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
                await using var responses = Insert(db, connection, transaction, db.Model.FindEntityType(typeof(Response))!);
                await using var sets = Insert(db, connection, transaction, db.Model.FindEntityType(typeof(AnswerSet))!);
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
            if (usedInvitations.Count > 0)
            {
                var invitation = db.Model.FindEntityType(typeof(Invitation))!;
                var status = invitation.FindProperty(nameof(Invitation.Status))!;
                var id = invitation.FindProperty(nameof(Invitation.Id))!;
                await using var update = connection.CreateCommand();
                update.Transaction = transaction;
                var sql = db.GetService<ISqlGenerationHelper>();
                update.CommandText = $"UPDATE {Table(sql, invitation)} SET {Column(sql, status)} = @s WHERE {Column(sql, id)} = @id AND {Column(sql, status)} <> @s";
                foreach (var invitationId in usedInvitations.Distinct())
                {
                    update.Parameters.Clear();
                    update.Parameters.Add(status.GetRelationalTypeMapping().CreateParameter(update, "s", InvitationStatus.Used, nullable: false));
                    update.Parameters.Add(id.GetRelationalTypeMapping().CreateParameter(update, "id", invitationId, nullable: false));
                    await update.ExecuteNonQueryAsync(ct);
                }
            }
        }
        catch (DbException e)
        {
            throw new DbUpdateException("Writing a batch of submissions failed: " + e.Message, e);
        }
    }

    private static string Table(ISqlGenerationHelper sql, IEntityType entity) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());

    private static string Column(ISqlGenerationHelper sql, IProperty property) =>
        sql.DelimitIdentifier(property.GetColumnName(StoreObjectIdentifier.Table(property.DeclaringType.GetTableName()!, property.DeclaringType.GetSchema())) ?? property.Name);

    /// <summary>An INSERT of every mapped column but the generated key (taken from the model, so a new property is never left out).</summary>
    private static Statement Insert(ParIndexDbContext db, DbConnection connection, DbTransaction transaction, IEntityType entity)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToArray();
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {Table(sql, entity)} ({string.Join(", ", properties.Select(p => Column(sql, p)))}) "
                              + $"VALUES ({string.Join(", ", properties.Select((_, i) => "@p" + i))}) RETURNING {Column(sql, key)}";
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
