namespace PowerJob.Akka.Storage;

/// <summary>
/// Builds the column lists of one table. Columns are snake_case; the row classes and Dapper parameters use
/// the same names in PascalCase (app_id → AppId), so every SELECT aliases each column to that name.
/// </summary>
internal sealed class SqlTable
{
    public SqlTable(string name, string key, IReadOnlyList<string> columns)
    {
        Name = name;
        Key = key;
        Columns = columns;
        Select = string.Join(", ", new[] { key }.Concat(columns).Select(c => $"{c} AS {Pascal(c)}"));
    }

    public string Name { get; }
    public string Key { get; }
    public IReadOnlyList<string> Columns { get; }
    /// <summary>The key and all columns, aliased for the row class.</summary>
    public string Select { get; }

    /// <summary>An INSERT of all columns except the key.</summary>
    public string Insert() =>
        $"INSERT INTO {Name} ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + Pascal(c)))})";

    /// <summary><c>a = @A, b = @B</c> for every column except the key and <paramref name="except"/>.</summary>
    public string SetAllExcept(params string[] except) =>
        string.Join(", ", Columns.Where(c => !except.Contains(c)).Select(c => $"{c} = @{Pascal(c)}"));

    public static string Pascal(string column) =>
        string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
