namespace DeltaModel.Cli.Workspace;

/// <summary>
/// An MSBuild property of Experiments.proj that points at a dataset outside the repository (<c>-p:CamelsRoot=…</c>).
/// Given, it replaces the <c>data.path</c> of the experiments it applies to; the skip message of an experiment whose
/// data is absent names it, so a user on a fresh clone learns what to pass.
/// </summary>
/// <param name="Name">The property name.</param>
/// <param name="Format">The <c>data.format</c> of the dataset it points at.</param>
/// <param name="Holds">What the folder holds, for messages.</param>
/// <param name="AppliesToEveryExperimentOfItsFormat">True: it replaces <c>data.path</c> of every experiment of its
/// format. False: only of those whose <c>requires.txt</c> names it (CAMELS: the camels-sample experiments run on the
/// repository's sample on purpose, whatever CAMELS copy the machine has).</param>
internal sealed record DataRootProperty(string Name, string Format, string Holds, bool AppliesToEveryExperimentOfItsFormat)
{
    public static readonly DataRootProperty CamelsRoot = new("CamelsRoot", "camels",
        "the full CAMELS-US dataset: basin_mean_forcing/, usgs_streamflow/ and camels_attributes_v2.0/", false);

    public static readonly DataRootProperty CaravanRoot = new("CaravanRoot", "caravan",
        "a Caravan-CAMELS dataset: catchments.csv and <gauge_id>.csv files, or a folder above them", true);

    public static IReadOnlyList<DataRootProperty> All { get; } = [CamelsRoot, CaravanRoot];

    public static DataRootProperty? Find(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>How to pass it, for messages: <c>-p:CamelsRoot=&lt;folder holding …&gt;</c>.</summary>
    public string Usage => $"-p:{Name}=<folder holding {Holds}>";
}
