using System.Diagnostics;
using System.Runtime.InteropServices;
using DeltaModel.Application;
using DeltaModel.Bmi;
using DeltaModel.Bmi.Deployment;
using DeltaModel.Bmi.Native;

namespace DeltaModel.Bench;

/// <summary>
/// The deployed BMI's budgets (issue 18): library + weights ≤ 30 MB, <c>initialize</c> ≤ 100 ms, one daily
/// <c>update</c> of one catchment ≤ 20 µs — for one catchment per instance (a scalar grid) and for
/// <see cref="Several"/> in one instance (a points grid: the update cost per catchment). The model has δHBV 2.0's network at the sample's size (LSTM 64 on
/// forcings and attributes, MLP 7 × 256 on the attributes; HBV 1.0 with 16 components and routing, since the engine
/// runs HBV 1.0/1.1p), trained for one minibatch on two sample basins (the weights' values do not change the cost),
/// exported for one basin. The native library is the NativeAOT build given in DELTAMODEL_BENCH_BMI_LIBRARY
/// (<c>dotnet publish DeltaModel.Bmi -c Release -r linux-x64 -p:PublishAot=true</c>), loaded into this process and
/// called through the C struct as NextGen does; without it only the managed BMI is timed.
/// </summary>
internal static unsafe class BmiBench
{
    const string Basin = "01013500";

    /// <summary>Catchments of the points-grid instance: the first of the sample's basins.</summary>
    const int Several = 8;

    public static void Run()
    {
        var folder = Directory.CreateTempSubdirectory("deltamodel-bench-bmi-").FullName;
        try
        {
            var deployment = Export(folder);
            var config = Path.Combine(deployment, $"bmi_{Basin}.yaml");
            long weights = new FileInfo(Path.Combine(deployment, WeightsFile.FileName)).Length + new FileInfo(Path.Combine(deployment, DeploymentManifest.FileName)).Length;
            var library = Environment.GetEnvironmentVariable("DELTAMODEL_BENCH_BMI_LIBRARY");
            long libraryBytes = library is not null && File.Exists(library) ? new FileInfo(library).Length : 0;
            Console.WriteLine($"size: weights + manifest {weights / 1024.0:F0} KiB, library {(libraryBytes > 0 ? $"{libraryBytes / 1048576.0:F2} MiB" : "(not given)")}, " +
                              $"total {(weights + libraryBytes) / 1048576.0:F2} MiB (budget 30 MB)");

            foreach (var (grid, file, n) in new[] { ("scalar", config, 1), ("points", Path.Combine(deployment, BmiExport.OneConfigFileName), Several) })
            {
                var (initWall, initCpu) = Program.MedianWallAndCpu(() => { var b = new DeltaBmi(); b.Initialize(file); b.FinalizeModel(); }, warmup: 1, repeats: 5);
                double update = MedianUpdateCpu(() => { var b = new DeltaBmi(); b.Initialize(file); return b; }, b => b.Update(), b => b.FinalizeModel(), DaysOf(file), repeats: 5);
                Console.WriteLine($"managed (JIT), {n} catchment(s), {grid} grid: initialize {initWall * 1e3:F1} ms wall, {initCpu * 1e3:F1} ms CPU (median of 5, warm-up {ManifestWarmUp(deployment)} days included); " +
                                  $"update {update / n * 1e6:F2} µs CPU per catchment and day (median of 5 runs, the first one's JIT included)");
                if (libraryBytes > 0) Native(library!, file, n);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The median over <paramref name="repeats"/> runs of one update's process CPU time [s]: each run starts a model
    /// (<paramref name="start"/>, not timed) and times its <paramref name="days"/> updates alone, so the initialization —
    /// eight warm-ups for eight catchments — is not subtracted out of the figure but left out of it.
    /// </summary>
    static double MedianUpdateCpu<T>(Func<T> start, Action<T> update, Action<T> stop, int days, int repeats)
    {
        var perDay = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var model = start();
            double c0 = ProcessCpu();
            for (int t = 0; t < days; t++) update(model);
            perDay.Add((ProcessCpu() - c0) / days);
            stop(model);
        }
        return perDay.Order().ElementAt(repeats / 2);
    }

    /// <summary>The process's CPU time [s] to the nanosecond (clock_gettime), where <see cref="Cpu"/> counts clock ticks.</summary>
    static double ProcessCpu()
    {
        if (!OperatingSystem.IsLinux()) return Cpu();
        Timespec t;
        return ClockGetTime(ProcessCpuClock, &t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : Cpu();
    }

    const int ProcessCpuClock = 2;                                  // CLOCK_PROCESS_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    struct Timespec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, Timespec* time);

    static int ManifestWarmUp(string deployment) => DeploymentManifest.Read(deployment).WarmUp;

    /// <summary>Process CPU time [s]: with the machine shared (load far above the core count), wall time mostly measures the neighbours.</summary>
    static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    static int Days(IBmi b) => (int)(b.GetEndTime() / b.GetTimeStep());

    static int DaysOf(string config)
    {
        var b = new DeltaBmi();
        b.Initialize(config);
        return Days(b);
    }

    /// <summary>The NativeAOT library through register_bmi: the first initialize in the process (cold), then the median of
    /// five; the update per catchment of an instance of <paramref name="n"/>.</summary>
    static void Native(string library, string config, int n)
    {
        var handle = NativeLibrary.Load(library);
        var register = (delegate* unmanaged<BmiStruct*, BmiStruct*>)NativeLibrary.GetExport(handle, "register_bmi");
        var path = Marshal.StringToCoTaskMemUTF8(config);
        var model = (BmiStruct*)NativeMemory.AllocZeroed((nuint)sizeof(BmiStruct));
        try
        {
            var wall = new List<double>();
            var cpu = new List<double>();
            for (int i = 0; i < 6; i++)
            {
                register(model);
                var clock = Stopwatch.StartNew();
                double c0 = Cpu();
                if (model->Initialize(model, (byte*)path) != 0) throw new InvalidOperationException("native initialize failed");
                wall.Add(clock.Elapsed.TotalMilliseconds);
                cpu.Add((Cpu() - c0) * 1e3);
                if (i < 5) model->Finalize(model);
            }
            double end = 0, step = 0;
            model->GetEndTime(model, &end);
            model->GetTimeStep(model, &step);
            int days = (int)(end / step);
            const int Repeats = 20;
            double update = MedianUpdateCpu(() =>
            {
                model->Finalize(model);
                register(model);
                if (model->Initialize(model, (byte*)path) != 0) throw new InvalidOperationException("native initialize failed");
                return 0;
            }, _ => { if (model->Update(model) != 0) throw new InvalidOperationException("native update failed"); }, _ => { }, days, Repeats);
            double initCpu = cpu.Skip(1).Order().ElementAt(2) / 1e3;
            model->Finalize(model);
            Console.WriteLine($"native (NativeAOT), {n} catchment(s): initialize {wall[0]:F1} ms wall first in the process, then median {wall.Skip(1).Order().ElementAt(2):F1} ms wall, " +
                              $"{initCpu * 1e3:F1} ms CPU (budget 100 ms); update {update / n * 1e6:F2} µs CPU per catchment and day, median of {Repeats} runs of {days} days (budget 20 µs)");
        }
        finally
        {
            NativeMemory.Free(model);
            Marshal.FreeCoTaskMem(path);
        }
    }

    /// <summary>Trains the bench model for one minibatch and exports it over one year: a config for <see cref="Basin"/>,
    /// and one for the sample's first <see cref="Several"/> basins.</summary>
    static string Export(string folder)
    {
        var root = FindRoot();
        var sample = Path.Combine(root, "data", "camels-sample").Replace('\\', '/');
        var experiment = Path.Combine(folder, "experiment.yaml");
        File.WriteAllText(experiment, $$$"""
            name: bench-bmi
            mode: train
            data: {format: camels, path: {{{sample}}}, forcing_source: nldas, pet: oudin, basins: ["{{{Basin}}}", "01022500"], attribute_fill: mean}
            model:
              warm_up: 365
              rho: 365
              nn:
                name: lstm_mlp
                hidden_size: 64
                mlp_hidden_size: 256
                mlp_layers: 7
                forcings: [prcp, tmean, pet]
                log_norm: [prcp]
                attributes: [p_mean, pet_mean, p_seasonality, frac_snow, aridity, high_prec_freq, high_prec_dur, low_prec_freq, low_prec_dur,
                             elev_mean, slope_mean, area_gages2, frac_forest, lai_max, lai_diff, gvf_max, gvf_diff, dom_land_cover_frac,
                             soil_depth_pelletier, soil_depth_statsgo, soil_porosity, soil_conductivity, max_water_content,
                             sand_frac, silt_frac, clay_frac, carbonate_rocks_frac, geol_permeability]
              physics: {name: hbv, nmul: 16, dynamic_parameters: [parBETA, parBETAET]}
            train: {period: {start: 1999-10-01, end: 2001-09-30}, epochs: 1, batch_size: 2, iterations_per_epoch: 1}
            test: {period: {start: 2001-10-01, end: 2002-09-30}}
            """);
        new ExperimentRunner(RunPlan.FromFile(experiment, new RunOverrides())).Run();
        var deployment = Path.Combine(folder, "deploy");
        var sampleData = Path.Combine(root, "data", "camels-sample");
        BmiExport.Export(new BmiExport.Request(Path.Combine(folder, "out"), deployment, sampleData, [Basin]));
        var several = File.ReadLines(Path.Combine(sampleData, "basins.txt")).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(Several).ToList();
        BmiExport.Export(new BmiExport.Request(Path.Combine(folder, "out"), deployment, sampleData, several, OneConfig: true));
        return deployment;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeltaModel.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root not found above the bench binary.");
    }
}
