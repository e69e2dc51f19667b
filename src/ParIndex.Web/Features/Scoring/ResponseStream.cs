using System.Data.Common;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Scoring;

/// <summary>One counted response as scoring reads it, with its answer sets (in answer-set id order) as UTF-8 JSON.</summary>
internal sealed class StreamedResponse
{
    public long Id;
    public int GroupId;
    public int? UnitId;
    public int VersionId;
    public int Revision;
    /// <summary>The sample member's code, stratum, PSU, weight and first-stage N; Code null = no sample member (public link).</summary>
    public string? Code, Stratum, Psu;
    public double Weight;
    /// <summary>Read only when asked for (the exports).</summary>
    public ResponseMode Mode;
    public DateTime? SubmittedAt;
    public double? Fpc1;
    /// <summary>The respondent key and stratum as the design sees them (set by the reading thread's callback).</summary>
    public string Key = "";
    public string? DesignStratum;
    public readonly List<(long Id, int? RatedUnitId, byte[] Json)> Sets = new(1);

    /// <summary>Answer sets in id order (the order the EF loader read them in).</summary>
    public void SortSets()
    {
        if (Sets.Count > 1) Sets.Sort((a, b) => a.Id.CompareTo(b.Id));
    }
}

/// <summary>
/// The counted responses of a round (the definition of <see cref="Collection.CountedResponsesQuery.CountedResponses"/>:
/// submitted and not rejected) as one flat stream ordered by response id then answer-set id, each response's design values
/// joined in, read with a raw <see cref="DbDataReader"/> on the context's own connection and transaction. Answers JSON
/// arrive as UTF-8 bytes (SQLite: the stored bytes, never decoded to a string). Tables and columns are named from the EF
/// model, so the one SQL text serves SQLite and PostgreSQL.
/// </summary>
internal static class ResponseStream
{
    /// <summary>Responses per batch handed from the reading thread to the caller.</summary>
    public const int BatchSize = 2048;

    /// <summary>
    /// Reads on a background thread and hands over batches in order (at most a few in flight, so memory stays bounded);
    /// <paramref name="onResponse"/> runs on the reading thread for every response in order (the input hash). The caller
    /// must cancel <paramref name="ct"/> if it stops reading early and await <c>Reading</c> before it closes the connection.
    /// </summary>
    /// <param name="groupId">Only this respondent group's responses.</param>
    /// <param name="details">Also read each response's mode and submission time (the exports; scoring does not need them).</param>
    public static (ChannelReader<List<StreamedResponse>> Batches, Task Reading) Start(ParIndexDbContext db, int roundId, Action<StreamedResponse> onResponse, CancellationToken ct,
        int? groupId = null, bool details = false)
    {
        var channel = Channel.CreateBounded<List<StreamedResponse>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var command = Command(db, roundId, groupId, details);
        var reading = Task.Run(async () =>
        {
            try
            {
                await using (command)
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    var sqlite = reader as SqliteDataReader;
                    var batch = new List<StreamedResponse>(BatchSize);
                    StreamedResponse? current = null;
                    while (reader.Read())
                    {
                        var id = reader.GetInt64(0);
                        if (current is null || current.Id != id)
                        {
                            if (current is not null)
                            {
                                current.SortSets();
                                onResponse(current);
                                batch.Add(current);
                                if (batch.Count == BatchSize)
                                {
                                    await channel.Writer.WriteAsync(batch, ct);
                                    batch = new List<StreamedResponse>(BatchSize);
                                }
                            }
                            current = new StreamedResponse
                            {
                                Id = id, GroupId = reader.GetInt32(1), UnitId = reader.IsDBNull(2) ? null : reader.GetInt32(2),
                                VersionId = reader.GetInt32(3), Revision = reader.GetInt32(4),
                            };
                            if (details)
                            {
                                current.Mode = (ResponseMode)reader.GetInt32(13);
                                current.SubmittedAt = reader.IsDBNull(14) ? null : reader.GetDateTime(14);
                            }
                            if (!reader.IsDBNull(5))
                            {
                                current.Code = reader.GetString(5);
                                current.Stratum = reader.IsDBNull(6) ? null : reader.GetString(6);
                                current.Psu = reader.IsDBNull(7) ? null : reader.GetString(7);
                                current.Weight = reader.GetDouble(8);
                                current.Fpc1 = reader.IsDBNull(9) ? null : reader.GetDouble(9);
                            }
                            else current.Weight = 1.0;
                        }
                        if (reader.IsDBNull(10)) continue;
                        var json = sqlite is not null ? sqlite.GetFieldValue<byte[]>(12) : Encoding.UTF8.GetBytes(reader.GetString(12));
                        current.Sets.Add((reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetInt32(11), json));
                    }
                    if (current is not null) { current.SortSets(); onResponse(current); batch.Add(current); }
                    if (batch.Count > 0) await channel.Writer.WriteAsync(batch, ct);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        return (channel.Reader, reading);
    }

    /// <summary>
    /// The counted responses one by one (optionally of one respondent group), opening and closing the connection if it
    /// was closed; for readers that need no parallel stage (the data exports).
    /// </summary>
    public static async IAsyncEnumerable<StreamedResponse> ReadAsync(ParIndexDbContext db, int roundId, int? groupId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var open = db.Database.GetDbConnection().State == System.Data.ConnectionState.Open;
        if (!open) await db.Database.OpenConnectionAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.CompletedTask;
        try
        {
            (var batches, reading) = Start(db, roundId, _ => { }, stop.Token, groupId, details: true);
            await foreach (var batch in batches.ReadAllAsync(ct))
                foreach (var r in batch) yield return r;
        }
        finally
        {
            await stop.CancelAsync();
            try { await reading; } catch (OperationCanceledException) { }
            if (!open) await db.Database.CloseConnectionAsync();
        }
    }

    private static DbCommand Command(ParIndexDbContext db, int roundId, int? groupId, bool details)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var model = db.Model;
        var response = new Names<Response>(model, sql);
        var member = new Names<Respondent>(model, sql);
        var set = new Names<AnswerSet>(model, sql);
        var review = new Names<ResponseReview>(model, sql);
        var connection = db.Database.GetDbConnection();
        var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        // Keep in step with CountedResponsesQuery.CountedResponses (the tests compare this path with the EF one). The unary
        // plus keeps SQLite off the (RoundId, Status, group) index, which would make it sort the whole round (≈ 800 MiB for 1M
        // responses) in a temporary B-tree: it scans responses in id order instead, which is the order asked for. Answer sets
        // are put in id order per response in memory (a handful each) rather than by a second ORDER BY term for the same reason.
        command.CommandText = $"""
            SELECT r.{response[nameof(Response.Id)]}, r.{response[nameof(Response.RespondentGroupId)]}, r.{response[nameof(Response.UnitId)]},
                   r.{response[nameof(Response.QuestionnaireVersionId)]}, r.{response[nameof(Response.Revision)]},
                   m.{member[nameof(Respondent.Code)]}, m.{member[nameof(Respondent.Stratum)]}, m.{member[nameof(Respondent.Psu)]},
                   m.{member[nameof(Respondent.DesignWeight)]}, m.{member[nameof(Respondent.Fpc1)]},
                   s.{set[nameof(AnswerSet.Id)]}, s.{set[nameof(AnswerSet.RatedUnitId)]}, s.{set[nameof(AnswerSet.AnswersJson)]}
                   {(details ? $", r.{response[nameof(Response.Mode)]}, r.{response[nameof(Response.SubmittedAt)]}" : "")}
            FROM {response.Table} r
            LEFT JOIN {member.Table} m ON m.{member[nameof(Respondent.Id)]} = r.{response[nameof(Response.RespondentId)]}
            LEFT JOIN {set.Table} s ON s.{set[nameof(AnswerSet.ResponseId)]} = r.{response[nameof(Response.Id)]}
            WHERE +r.{response[nameof(Response.RoundId)]} = @round AND +r.{response[nameof(Response.Status)]} = @submitted
              AND NOT EXISTS (SELECT 1 FROM {review.Table} v WHERE v.{review[nameof(ResponseReview.ResponseId)]} = r.{response[nameof(Response.Id)]}
                              AND v.{review[nameof(ResponseReview.State)]} = @rejected)
              {(groupId is null ? "" : $"AND +r.{response[nameof(Response.RespondentGroupId)]} = @group")}
            ORDER BY r.{response[nameof(Response.Id)]}
            """;
        if (groupId is { } g) Parameter(command, "@group", g);
        Parameter(command, "@round", roundId);
        Parameter(command, "@submitted", response.ProviderValue(nameof(Response.Status), ResponseStatus.Submitted));
        Parameter(command, "@rejected", review.ProviderValue(nameof(ResponseReview.State), ReviewState.Rejected));
        return command;
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>An entity's delimited table and column names as the provider spells them.</summary>
    private sealed class Names<T>(IModel model, ISqlGenerationHelper sql)
    {
        private readonly IEntityType entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");

        private StoreObjectIdentifier Store => StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());

        public string Table => sql.Table(entity);

        public string this[string property] => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(Store)!);

        /// <summary>The value as stored (enums through their converter: a number or a name).</summary>
        public object ProviderValue(string property, object value) =>
            entity.FindProperty(property)!.GetTypeMapping().Converter?.ConvertToProvider(value)
            ?? (value is Enum ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture) : value);
    }
}
