using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using Parquet.Serialization;

namespace DeltaModel.Core.Tests.Outputs;

public class SimulationWriterTests
{
    static SimulationOutput Sample() => new(
        ["01013500", "01022500"], new DateOnly(2005, 10, 1), 3,
        new Dictionary<string, float[]>
        {
            // [T, B] time-major: t0 (b0, b1), t1 (b0, b1), t2 (b0, b1)
            ["streamflow"] = [1.5f, 2.5f, 1.25f, 2.25f, 1f, 2f],
            ["AET_hydro"] = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f],
        },
        new Dictionary<string, float[]> { ["BFI"] = [55.5f, 42f] });

    [Fact]
    public async Task Write_ProducesLongCsvParquetAndScalars()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        float[] observed = [1.4f, float.NaN, 1.3f, 2.2f, 1.1f, 2.1f];
        var files = SimulationWriter.Write(dir, Sample(), observed);
        Assert.Equal(3, files.Count);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));

        var csv = File.ReadAllLines(Path.Combine(dir, "simulation.csv"));
        Assert.Equal("basin,date,observed,streamflow,AET_hydro", csv[0]);
        Assert.Equal(7, csv.Length);
        Assert.Equal("01013500,2005-10-02,1.3,1.25,0.3", csv[2]);
        Assert.Equal("01022500,2005-10-01,NaN,2.5,0.2", csv[4]);

        var scalars = File.ReadAllLines(Path.Combine(dir, "scalars.csv"));
        Assert.Equal(["basin,BFI", "01013500,55.5", "01022500,42"], scalars);

        await using var stream = File.OpenRead(Path.Combine(dir, "simulation.parquet"));
        var rows = (await ParquetSerializer.DeserializeAsync<Row>(stream)).Data;
        Assert.Equal(6, rows.Count);
        Assert.Equal("01022500", rows[3].basin);
        Assert.Equal(new DateTime(2005, 10, 1), rows[3].date);
        Assert.Equal(2.5f, rows[3].streamflow);
        Assert.Equal(1.0f, rows[2].streamflow);
        Assert.True(float.IsNaN(rows[3].observed));
    }

    [Fact]
    public void WriteCsv_And_WriteParquet_WriteTheirOwnFilesOnly()
    {
        var csvDir = Directory.CreateTempSubdirectory().FullName;
        var parquetDir = Directory.CreateTempSubdirectory().FullName;
        var csv = SimulationWriter.WriteCsv(csvDir, Sample(), observed: null);
        var parquet = SimulationWriter.WriteParquet(parquetDir, Sample(), observed: null);
        Assert.Equal([Path.Combine(csvDir, "simulation.csv"), Path.Combine(csvDir, "scalars.csv")], csv);
        Assert.Equal(["scalars.csv", "simulation.csv"], Directory.GetFiles(csvDir).Select(Path.GetFileName).Order());
        Assert.Equal(Path.Combine(parquetDir, "simulation.parquet"), parquet);
        Assert.Equal(["simulation.parquet"], Directory.GetFiles(parquetDir).Select(Path.GetFileName));
        Assert.Equal("basin,date,streamflow,AET_hydro", File.ReadLines(csv[0]).First());   // no observed column without observations
    }

    // Column names as written (lower-case, as in the CSV).
    sealed class Row
    {
#pragma warning disable IDE1006
        public string basin { get; set; } = "";
        public DateTime date { get; set; }
        public float observed { get; set; }
        public float streamflow { get; set; }
        public float AET_hydro { get; set; }
#pragma warning restore IDE1006
    }
}
