using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DemoSaaS.Web.Tests.Data;

/// <summary>
/// Observes the app's writes: for every INSERT/UPDATE/DELETE the app's DbContext runs, the table (and for an UPDATE
/// the first column it sets) and the connection's
/// <c>PRAGMA synchronous</c> at that moment (1 = NORMAL, 2 = FULL), read on the same connection just before the write.
/// </summary>
public sealed partial class CommitSyncRecorder : DbCommandInterceptor
{
    public ConcurrentQueue<RecordedWrite> Writes { get; } = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        foreach (Match write in WriteStatement().Matches(command.CommandText))
        {
            using var pragma = command.Connection!.CreateCommand();
            pragma.Transaction = command.Transaction;
            pragma.CommandText = "PRAGMA synchronous;";
            var synchronous = Convert.ToInt32(pragma.ExecuteScalar(), CultureInfo.InvariantCulture);
            Writes.Enqueue(new RecordedWrite(write.Groups["table"].Value, write.Groups["column"].Value, synchronous));
        }
    }

    [GeneratedRegex("""(?:INSERT(?: OR \w+)? INTO|UPDATE|DELETE FROM)\s+"?(?<table>\w+)"?(?:\s+SET\s+"?(?<column>\w+)"?)?""", RegexOptions.IgnoreCase)]
    private static partial Regex WriteStatement();

    /// <param name="Column">For an UPDATE, the first column set ("" otherwise).</param>
    public sealed record RecordedWrite(string Table, string Column, int Synchronous);
}
