namespace DeltaModel.Core.Data.Camels;

/// <summary>Which catchment area converts CAMELS discharge (ft³/s) to a depth (mm/d).</summary>
public enum StreamflowArea
{
    /// <summary>
    /// <c>area_gages2</c> from <c>camels_topo.txt</c> [km²], as the Python original does (spec §6.1,
    /// <c>area_name: area_gages2</c>) and as CAMELS' own signatures are computed. Default.
    /// </summary>
    AreaGages2,

    /// <summary>
    /// The area on line 3 of the forcing file [m²] (the area of the basin polygon the forcings were averaged over;
    /// it can differ from GAGES-II by a few percent). Use it when no attribute tables are at hand.
    /// </summary>
    ForcingHeader,
}
