namespace DeltaModel.Core.Data;

/// <summary>The dataset-wide variable names and their units, shared by the loaders so that every dataset speaks one vocabulary.</summary>
public static class VariableUnits
{
    /// <summary>Variable name → unit. <c>streamflow</c> is the target.</summary>
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["prcp"] = "mm/d",
        ["tmax"] = "°C",
        ["tmin"] = "°C",
        ["tmean"] = "°C",
        ["srad"] = "W/m²",
        ["vp"] = "Pa",
        ["dayl"] = "s",
        ["swe"] = "mm",
        ["pet"] = "mm/d",
        ["streamflow"] = "mm/d",
    };

    /// <summary>The unit of <paramref name="name"/>, or empty when the name is not a known one.</summary>
    public static string Of(string name) => Known.GetValueOrDefault(name, "");
}
