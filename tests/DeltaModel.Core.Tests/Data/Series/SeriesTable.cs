using System.Globalization;
using System.Text;
using DeltaModel.Tests.Shared;
using Parquet;
using Parquet.Schema;

namespace DeltaModel.Core.Tests.Data.Series;

/// <summary>
/// One basin's series in memory, which a test breaks and then writes in each per-basin file format (CSV, NetCDF classic
/// and netCDF-4 through ncgen, Parquet), so one broken-file case runs against every format. Starts from the real values
/// of <c>data/generic-sample/time_series/01022500.csv</c> (730 days from 1981-01-01).
/// </summary>
public sealed class SeriesTable
{
    public List<DateOnly> Dates { get; } = [];

    /// <summary>Column → one value per row; null is a missing value.</summary>
    public Dictionary<string, List<double?>> Columns { get; } = new(StringComparer.Ordinal);

    /// <summary>Column → the units a NetCDF file declares (other formats declare none).</summary>
    public Dictionary<string, string> Units { get; } = new() { ["prcp"] = "mm d-1", ["tmean"] = "degC", ["streamflow"] = "mm d-1" };

    public static SeriesTable Sample()
    {
        var table = new SeriesTable();
        var lines = File.ReadAllLines(Path.Combine(DataPaths.GenericSample, "time_series", "01022500.csv"));
        var header = lines[0].Split(',');
        foreach (var name in header.Skip(1)) table.Columns[name] = [];
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            table.Dates.Add(DateOnly.ParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture));
            for (int i = 1; i < fields.Length; i++)
                table.Columns[header[i]].Add(fields[i].Length == 0 ? null : double.Parse(fields[i], CultureInfo.InvariantCulture));
        }
        return table;
    }

    public void DuplicateRow(int row)
    {
        Dates.Insert(row + 1, Dates[row]);
        foreach (var c in Columns.Values) c.Insert(row + 1, c[row]);
    }

    public void DeleteRow(int row)
    {
        Dates.RemoveAt(row);
        foreach (var c in Columns.Values) c.RemoveAt(row);
    }

    /// <summary>The file formats a per-basin series may have, by the extension the loader picks the reader with.</summary>
    public enum Format { Csv, NetCdfClassic, NetCdf64BitOffset, NetCdf4, Parquet }

    public static string Extension(Format f) => f switch { Format.Csv => ".csv", Format.Parquet => ".parquet", _ => ".nc" };

    public void Write(string path, Format format)
    {
        switch (format)
        {
            case Format.Csv: WriteCsv(path); break;
            case Format.Parquet: WriteParquet(path); break;
            case Format.NetCdfClassic: NcGen.Write(Cdl(Path.GetFileNameWithoutExtension(path), "double", "-9999."), path, NcGen.Classic); break;
            case Format.NetCdf64BitOffset: NcGen.Write(Cdl(Path.GetFileNameWithoutExtension(path), "float", "-9999.f"), path, NcGen.Offset64); break;
            case Format.NetCdf4: NcGen.Write(Cdl(Path.GetFileNameWithoutExtension(path), "double", "NaN"), path, NcGen.NetCdf4); break;
        }
    }

    void WriteCsv(string path)
    {
        var s = new StringBuilder("date," + string.Join(',', Columns.Keys) + "\n");
        for (int r = 0; r < Dates.Count; r++)
            s.Append(Dates[r].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
             .Append(string.Join(',', Columns.Values.Select(c => c[r] is { } v ? Number(v) : ""))).Append('\n');
        File.WriteAllText(path, s.ToString());
    }

    /// <summary>CDL of the table: dates in "hours since" (so the decoding is exercised), values of <paramref name="type"/>, missing as <paramref name="fill"/>.</summary>
    string Cdl(string name, string type, string fill)
    {
        var s = new StringBuilder($"netcdf x{name} {{\ndimensions:\n\tdate = {Dates.Count} ;\nvariables:\n");
        s.Append("\tdouble date(date) ;\n\t\tdate:units = \"hours since 1980-12-31 00:00:00\" ;\n\t\tdate:calendar = \"standard\" ;\n");
        foreach (var c in Columns.Keys)
        {
            s.Append($"\t{type} {c}(date) ;\n\t\t{c}:_FillValue = {fill} ;\n");
            if (Units.TryGetValue(c, out var u)) s.Append($"\t\t{c}:units = \"{u}\" ;\n");
        }
        s.Append("data:\n date = ").Append(string.Join(", ", Dates.Select(d => Number((d.DayNumber - new DateOnly(1980, 12, 31).DayNumber) * 24.0)))).Append(" ;\n");
        foreach (var (c, values) in Columns)
            s.Append($" {c} = ").Append(string.Join(", ", values.Select(v => v is { } x ? (double.IsNaN(x) ? "NaN" : Number(x)) : "_"))).Append(" ;\n");
        return s.Append("}\n").ToString();
    }

    void WriteParquet(string path)
    {
        var dateField = new DataField<DateTime>("date");
        var fields = Columns.Keys.Select(c => new DataField<double?>(c)).ToList();
        WriteAsync().GetAwaiter().GetResult();

        async Task WriteAsync()
        {
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(new Field[] { dateField }.Concat(fields)), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<DateTime>(dateField, Dates.Select(d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).ToArray());
            foreach (var f in fields) await group.WriteAsync<double>(f, Columns[f.Name].ToArray());
        }
    }

    static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
