using System.Data.Common;

namespace PowerJob.Akka.Storage;

/// <summary>
/// One write, run on <paramref name="connection"/> inside <paramref name="transaction"/>, or in autocommit when the
/// transaction is null (only for writes that are a single statement).
/// </summary>
internal delegate Task<T> StoreWrite<T>(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);
