using DeltaModel.Reporting.Benchmarks;

namespace DeltaModel.Cli.Tests.Reporting.Benchmarks;

public sealed class PublishedReferenceTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("dm-reference-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, text);
        return path;
    }

    string Catalogue() => Write("catchments.csv",
        "gauge_id,gauge_name,data_all\n01022500,\"Narraguagus River, Maine\",x\n01031500,\"Piscataquis River, Maine\",x\n01047000,Carrabassett,x\n");

    [Fact]
    public void Values_AreJoinedByCatalogueOrder_AndAGaugeWithoutOurResultHasNoPartner()
    {
        var reference = PublishedReference.Load("ref", Catalogue(), new Dictionary<string, string> { ["nse"] = Write("nse.csv", "7.1e-01\n4.0e-01\n5.5e-01\n") });
        var nse = reference.Of("nse")!;
        Assert.Equal(0.71, nse["01022500"]);
        Assert.Equal(0.40, nse["01031500"]);
        Assert.Equal(0.55, nse["01047000"]);

        // Ours lacks 01031500 (no data file): it is simply unpaired.
        var ours = new Dictionary<string, double> { ["01022500"] = 0.81, ["01047000"] = 0.45 };
        var d = PairedDifference.Of(ours, nse)!;
        Assert.Equal(2, d.Basins);
        Assert.Equal(0.5, d.ShareABetter);
        Assert.Equal(0.0, d.MedianDifference, 12);                 // +0.10 and −0.10
    }

    [Fact]
    public void AValueFileOfAnotherLength_OrANonNumber_IsAnErrorNamingTheFile()
    {
        var catalogue = Catalogue();
        var shorter = Write("short.csv", "0.7\n0.4\n");
        var e = Assert.Throws<InvalidDataException>(() => PublishedReference.Load("ref", catalogue, new Dictionary<string, string> { ["nse"] = shorter }));
        Assert.Contains(shorter, e.Message);
        Assert.Contains("2 values", e.Message);
        Assert.Contains("3 gauges", e.Message);

        var bad = Write("bad.csv", "0.7\nabc\n0.5\n");
        e = Assert.Throws<InvalidDataException>(() => PublishedReference.Load("ref", catalogue, new Dictionary<string, string> { ["nse"] = bad }));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("'abc'", e.Message);
    }
}
