using DeltaModel.Core.Configuration;
using DeltaModel.Core.Losses;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Plugins;
using DeltaModel.Tests.Shared;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Plugins;

/// <summary>
/// Plug-ins from an assembly file (the sample, loaded into its own load context) and from a program's own types: what
/// they register becomes a registry name like a built-in one, each assembly counts once, and every way a plug-in can
/// be unusable is one clear error.
/// </summary>
public class PluginLoaderTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-plugin-tests", Guid.NewGuid().ToString("N"));

    public PluginLoaderTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void The_sample_assembly_registers_its_bucket_model_once_and_it_runs()
    {
        SamplePlugin.EnsureLoaded();
        Assert.False(PluginLoader.Load(SamplePlugin.AssemblyPath));                        // a second load changes nothing
        Assert.Contains(SamplePlugin.ModelName, ModelRegistry.PhysicsNames);
        Assert.DoesNotContain(SamplePlugin.ModelName, ModelRegistry.BuiltInPhysicsNames);
        Assert.DoesNotContain(ModelCatalog.Entries(), e => e.Name == SamplePlugin.ModelName);   // docs/models.md: built-in models only
        Assert.Contains(ModelCatalog.Entries(includePlugins: true), e => e.Name == SamplePlugin.ModelName);
        var loaded = Assert.Single(PluginLoader.Loaded, p => p.AssemblyPath == SamplePlugin.AssemblyPath);
        Assert.Equal(["physics leaky_bucket"], loaded.Added);

        // Its type comes from the plug-in's own load context, yet it is the host's IPhysicsModel.
        var model = ModelRegistry.CreatePhysics(SamplePlugin.ModelName, new PhysicsOptions { Components = 1, Routing = false });
        Assert.NotSame(typeof(PhysicsModel).Assembly, model.GetType().Assembly);
        using var scope = NewDisposeScope();
        var forcings = stack([full(10, 2, 20.0), full(10, 2, 1.0)], -1);                 // [T, B, 2]: 20 mm rain, 1 mm PET a day
        var parameters = new Dictionary<string, Tensor> { ["capacity"] = full(10, 2, 1, 50.0), ["k"] = full(10, 2, 1, 0.1) };
        var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters });
        Assert.True(result.Series["streamflow"][-1].gt(0).all().item<bool>(), "the bucket drains");
        // Full after three days: it spills what exceeds its capacity on top of what drains.
        Assert.True(result.Series["spill"][-1].gt(0).all().item<bool>(), "the full bucket spills");
        Assert.True(result.Budget!.MaxRelativeResidual() <= Tolerance.Relative(ScalarType.Float32, terms: 10, steps: 10),
            $"budget residual {result.Budget.MaxRelativeResidual():E2}");
    }

    [Fact]
    public void A_copy_of_the_sample_at_another_path_is_the_same_plugin()
    {
        SamplePlugin.EnsureLoaded();
        var copy = Path.Combine(folder, "DeltaModel.Samples.Bucket.dll");
        File.Copy(SamplePlugin.AssemblyPath, copy);
        Assert.False(PluginLoader.Load(copy));                                              // not registered twice, no clash
        Assert.Single(PluginLoader.Loaded, p => p.Added.Contains("physics leaky_bucket"));
    }

    [Fact]
    public void A_missing_file_is_an_error_that_says_to_build_the_plugin()
    {
        var e = Assert.Throws<ArgumentException>(() => PluginLoader.Load(Path.Combine(folder, "My.Models.dll")));
        Assert.Contains("file not found", e.Message);
        Assert.Contains("dotnet build", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_an_error()
    {
        var path = Path.Combine(folder, "notes.dll");
        File.WriteAllText(path, "not a PE image");
        var e = Assert.Throws<ArgumentException>(() => PluginLoader.Load(path));
        Assert.Contains("not a .NET assembly", e.Message);
    }

    [Fact]
    public void An_assembly_without_a_plugin_class_is_an_error_naming_the_interface()
    {
        var path = typeof(Xunit.FactAttribute).Assembly.Location;                          // a real assembly, no plug-in in it
        var e = Assert.Throws<ArgumentException>(() => PluginLoader.Load(path));
        Assert.Contains(nameof(IDeltaModelPlugin), e.Message);
    }

    [Fact]
    public void A_program_registers_its_own_plugin_once_and_a_taken_name_is_refused()
    {
        var first = PluginLoader.Register(new HalfMsePlugin());
        Assert.Same(first, PluginLoader.Register(new HalfMsePlugin()));                    // by type: once
        Assert.Contains(HalfMsePlugin.Name, LossRegistry.Names);
        Assert.IsType<HalfMse>(LossRegistry.Create(new LossConfig { Name = HalfMsePlugin.Name }));

        var e = Assert.Throws<ArgumentException>(() => PluginLoader.Register(new ClashingPlugin()));
        Assert.Contains(nameof(ClashingPlugin), e.Message);
        Assert.Contains("'hbv' is already registered", e.Message);
    }

    sealed class HalfMse : ILoss
    {
        public string Name => HalfMsePlugin.Name;
        public bool RequiresBasinStd => false;

        public Tensor Compute(Tensor prediction, Tensor observation, LossContext context) => new MseLoss().Compute(prediction, observation, context) * 0.5;
    }

    sealed class HalfMsePlugin : IDeltaModelPlugin
    {
        public const string Name = "test_half_mse";

        public void Register(PluginRegistrar registrar) => registrar.Loss(Name, _ => new HalfMse());
    }

    sealed class ClashingPlugin : IDeltaModelPlugin
    {
        public void Register(PluginRegistrar registrar) => registrar.Physics("hbv", o => new DeltaModel.Models.Physics.HbvFamily.Hbv(o));
    }
}
