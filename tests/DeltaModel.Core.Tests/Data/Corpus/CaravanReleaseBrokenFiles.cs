using DeltaModel.Core.Data;
using static DeltaModel.Core.Tests.Data.Corpus.TextMutation;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// Broken files of the official Caravan layout: <c>camels_01022500.csv</c> (header
/// <c>date,total_precipitation_sum,temperature_2m_mean,potential_evaporation_sum,streamflow</c>; line 10 is 1981-01-09)
/// and the comma-separated attribute tables. The same value rules as the CAMELS and headerless loaders, plus the
/// date column's: no repeated, backward or skipped day.
/// </summary>
internal static class CaravanReleaseBrokenFiles
{
    const int SeriesLine = 10;

    static HydroDataset Load(CorpusFolder c) => c.LoadRelease();

    static BrokenFileCase Series(Action<CorpusFolder> @break, int? line, params string[] expected) =>
        new(@break, Load, c => c.ReleaseSeries, line, expected);

    public static readonly IReadOnlyDictionary<string, BrokenFileCase> Cases = new Dictionary<string, BrokenFileCase>
    {
        ["release_nan_in_precipitation"] = Series(c => ReplaceField(c.ReleaseSeries, SeriesLine, 1, "NaN", ','), SeriesLine,
            "'NaN' (missing) in column total_precipitation_sum", "an input must have a value every day"),
        ["release_empty_temperature"] = Series(c => ReplaceField(c.ReleaseSeries, SeriesLine, 2, "", ','), SeriesLine,
            "'' (missing) in column temperature_2m_mean"),
        ["release_negative_precipitation"] = Series(c => ReplaceField(c.ReleaseSeries, SeriesLine, 1, "-1.25", ','), SeriesLine,
            "-1.25 in column total_precipitation_sum", "plausible range of prcp: 0…2000 mm/d"),
        ["release_temperature_in_kelvin"] = Series(c => ReplaceField(c.ReleaseSeries, SeriesLine, 2, "271.3", ','), SeriesLine,
            "271.3 in column temperature_2m_mean", "plausible range of tmean: -90…60 °C"),
        ["release_negative_discharge"] = Series(c => ReplaceField(c.ReleaseSeries, SeriesLine, 4, "-0.3", ','), SeriesLine,
            "-0.3 in column streamflow", "≥ 0 mm/d"),
        ["release_not_a_number"] = Series(c => ReplaceField(c.ReleaseSeries, SeriesLine, 4, "0.7a", ','), SeriesLine,
            "'0.7a' in column streamflow is not a number", "an empty cell for a missing value"),
        ["release_extra_field"] = Series(c => ReplaceField(c.ReleaseSeries, SeriesLine, 4, "1,2", ','), SeriesLine,
            "expected 5 fields as in the header, found 6"),
        ["release_duplicated_date"] = Series(c => DuplicateLine(c.ReleaseSeries, SeriesLine), SeriesLine + 1,
            "date 1981-01-09 in column date repeats or goes back", "one row per day"),
        ["release_missing_date"] = Series(c => DeleteLine(c.ReleaseSeries, SeriesLine), SeriesLine,
            "date 1981-01-10 in column date skips 1 day(s) after 1981-01-08"),
        ["release_bad_date"] = Series(c => ReplaceField(c.ReleaseSeries, SeriesLine, 0, "09/01/1981", ','), SeriesLine,
            "'09/01/1981' in column date is not a date", "yyyy-MM-dd"),
        ["release_missing_column"] = Series(c => EditLinesFrom(c.ReleaseSeries, 1, l => string.Join(',', l.Split(',').Where((_, i) => i != 2))), 1,
            "missing column(s) temperature_2m_mean (for tmean)",
            "the file has: total_precipitation_sum, potential_evaporation_sum, streamflow", "data.variables"),
        ["release_no_date_column"] = Series(c => ReplaceField(c.ReleaseSeries, 1, 0, "time", ','), 1,
            "no 'date' column", "the header has: time,"),
        ["release_empty_file"] = Series(c => Empty(c.ReleaseSeries), 1, "the file is empty"),
        ["release_all_missing_target"] = Series(c => EditLinesFrom(c.ReleaseSeries, 2, l => string.Join(',', l.Split(',').Take(4)) + ","), null,
            "basin camels_01022500 has no streamflow value", "expected at least one observed day"),
        ["release_period_out_of_range"] = new(_ => { }, c => c.LoadRelease(r => r with { Period = DatePeriod.Parse("1982-12-01..1983-01-31") }),
            c => c.ReleaseSeries, null, ["covers 1981-01-01..1982-12-31", "does not include the requested period 1982-12-01..1983-01-31"]),
        ["release_unknown_basin"] = new(_ => { }, c => c.LoadRelease(r => r with { Basins = BasinSelection.FromIds(["camels_01022501"]) }),
            c => Path.Combine(c.ReleaseFolder, "timeseries", "csv", "camels", "camels_01022501.csv"), null,
            ["basin camels_01022501 has no series file", "did you mean 'camels_01022500'"]),
        ["release_unknown_source"] = new(_ => { }, c => c.LoadRelease(r => r with { Basins = BasinSelection.FromIds(["camelsgb_28015"]) }),
            c => Path.Combine(c.ReleaseFolder, "timeseries", "csv", "camelsgb", "camelsgb_28015.csv"), null,
            ["no source folder 'camelsgb'", "sources here: camels, hysets"]),
        ["release_attribute_missing"] = new(c => ReplaceField(c.ReleaseClimate, 2, 1, "", ','), Load, c => c.ReleaseClimate, 2,
            ["basin camels_01022500 has '' (missing) for attribute p_mean", "data.attribute_fill"]),
        ["release_latitude_row_missing"] = new(c => DeleteLine(c.ReleaseOther, 2), Load, c => c.ReleaseOther, null,
            ["basin camels_01022500 has no row in this table (attribute gauge_lat)"]),
        ["release_bad_gauge_id"] = new(c => ReplaceField(c.ReleaseClimate, 2, 0, "01022500", ','), Load, c => c.ReleaseClimate, 2,
            ["gauge_id '01022500' is not a Caravan gauge id", "camels_01013500"]),
    };
}
