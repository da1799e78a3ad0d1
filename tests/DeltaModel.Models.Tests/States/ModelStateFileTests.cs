using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using DeltaModel.Models.States;
using Xunit;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.States;

public sealed class ModelStateFileTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("deltamodel-state-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static IPhysicsModel Hbv(int components = 2) => ModelRegistry.CreatePhysics("hbv", new PhysicsOptions { Components = components });

    static ModelState State(ScalarType dtype = ScalarType.Float32)
    {
        var g = new Generator(3);
        return new ModelState(new DateOnly(2004, 9, 30), ["01013500", "09386900"],
            new PhysicsState(rand(new long[] { 5, 2, 2 }, generator: g, dtype: dtype), rand(new long[] { 14, 2, 4 }, generator: g, dtype: dtype)),
            new RecurrentState(randn(new long[] { 2, 8 }, generator: g), randn(new long[] { 2, 8 }, generator: g)));
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void A_state_reads_back_exactly_as_written(ScalarType dtype)
    {
        var path = Path.Combine(folder, "end" + ModelStateFile.Extension);
        var state = State(dtype);
        ModelStateFile.Write(path, state, Hbv());
        var read = ModelStateFile.Read(path, Hbv());
        Assert.Equal(state.Date, read.Date);
        Assert.Equal(state.Basins, read.Basins);
        Assert.Equal(dtype, read.Physics.Stores.dtype);
        Assert.True(Same(state.Physics.Stores, read.Physics.Stores), "stores");
        Assert.True(Same(state.Physics.RoutingHistory!, read.Physics.RoutingHistory!), "routing history");
        Assert.True(Same(state.Network!.H, read.Network!.H) && Same(state.Network.C, read.Network.C), "LSTM state");
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    [Fact]
    public void The_header_names_basins_stores_units_date_and_version()
    {
        var path = Path.Combine(folder, "end" + ModelStateFile.Extension);
        ModelStateFile.Write(path, State(), Hbv());
        var bytes = File.ReadAllBytes(path);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 12, BitConverter.ToInt32(bytes, 8));
        foreach (var text in new[] { "\"version\": 1", "\"date\": \"2004-09-30\"", "\"physics\": \"hbv\"", "09386900", "\"SLZ\"", "\"mm\"", "routing_history", "lstm_c" })
            Assert.Contains(text, header);
    }

    [Fact]
    public void A_state_of_another_model_or_a_damaged_file_is_refused_naming_the_file()
    {
        var path = Path.Combine(folder, "end" + ModelStateFile.Extension);
        ModelStateFile.Write(path, State(), Hbv());
        var error = Assert.Throws<InvalidDataException>(() => ModelStateFile.Read(path, Hbv(components: 4)));
        Assert.Contains(path, error.Message);
        Assert.Contains("2 components", error.Message);
        Assert.Contains("'hbv'", Assert.Throws<InvalidDataException>(() => ModelStateFile.Read(path, ModelRegistry.CreatePhysics("gr4j", new PhysicsOptions { Components = 2 }))).Message);

        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^10]);
        Assert.Contains("ends inside array", Assert.Throws<InvalidDataException>(() => ModelStateFile.Read(path, Hbv())).Message);
        File.WriteAllText(path, "date,value\n");
        Assert.Contains("not a DeltaModel state file", Assert.Throws<InvalidDataException>(() => ModelStateFile.Read(path, Hbv())).Message);
    }
}
