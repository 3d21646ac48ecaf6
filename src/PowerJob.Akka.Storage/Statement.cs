using System.Data.Common;
using System.Globalization;

namespace PowerJob.Akka.Storage;

/// <summary>
/// One run of a command whose parameters are set by hand, in the same order on every run: the first run of a command
/// adds them, later runs of a reused command (see <see cref="CommandCache"/>) only change their values.
/// </summary>
/// <remarks>
/// For the statements every instance goes through, instead of Dapper: Dapper makes a new command with new parameters on
/// every call, which Microsoft.Data.Sqlite prepares again, and it names the parameters without the "@" the SQL uses,
/// which makes Microsoft.Data.Sqlite look each one up under four spellings before one matches.
/// </remarks>
internal sealed class Statement : IDisposable
{
    private readonly DbCommand _command;
    private readonly bool _reused;
    private int _set;

    private Statement(DbCommand command, bool reused)
    {
        _command = command;
        _reused = reused;
    }

    /// <summary>A statement with a command of its own, disposed with it.</summary>
    public static Statement Once(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return new Statement(command, reused: false);
    }

    /// <summary>A run of a command that its <see cref="CommandCache"/> keeps, and disposes.</summary>
    public static Statement Reusing(DbCommand command) => new(command, reused: true);

    /// <summary>Sets the next parameter, <paramref name="name"/> (with its "@"); null is stored as NULL.</summary>
    public void Set(string name, object? value)
    {
        var parameters = _command.Parameters;
        if (_set < parameters.Count)
        {
            var parameter = parameters[_set];
            if (parameter.ParameterName != name)
                throw new InvalidOperationException(
                    $"parameter {_set} of a reused command is {parameter.ParameterName}, not {name}: set them in the same order on every run");
            parameter.Value = value ?? DBNull.Value;
        }
        else
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameters.Add(parameter);
        }
        _set++;
    }

    /// <returns>The number of rows changed.</returns>
    public Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        CheckAllSet();
        return _command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>The first column of the first row as a number; null when there is no row or the value is NULL.</returns>
    public async Task<long?> ReadInt64Async(CancellationToken cancellationToken)
    {
        CheckAllSet();
        var value = await _command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (!_reused) _command.Dispose();
    }

    // A reused command keeps the parameters of its earlier runs; one this run left unset would bind an old value.
    private void CheckAllSet()
    {
        if (_set != _command.Parameters.Count)
            throw new InvalidOperationException($"{_set} of the command's {_command.Parameters.Count} parameters were set");
    }
}
