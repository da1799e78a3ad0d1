using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Caravan;
using static DeltaModel.Core.Tests.Data.Corpus.TextMutation;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// Broken Caravan-CAMELS files: the headerless <c>P,T,PET,Q</c> series (line 10 is 1981-01-10) and
/// <c>catchments.csv</c>. Caravan rows carry no date: row i is day i of <see cref="CaravanLoader.Record"/>, so a
/// duplicated or missing day shows as one row too many or too few, and a period beyond the record is the date case.
/// </summary>
internal static class CaravanBrokenFiles
{
    const int SeriesLine = 10;

    /// <summary>Rows of a complete series: one per day of <see cref="CaravanLoader.Record"/> (12418).</summary>
    static readonly int RecordRows = CaravanLoader.Record.Days;

    static HydroDataset Load(CorpusFolder c) => c.LoadCaravan();

    static BrokenFileCase Series(Action<CorpusFolder> @break, int? line, params string[] expected) =>
        new(@break, Load, c => c.SeriesFile, line, expected);

    static BrokenFileCase Catalogue(Action<CorpusFolder> @break, int? line, params string[] expected) =>
        new(@break, Load, c => c.Catalogue, line, expected);

    /// <summary>The line of basin 01022500's wettest day in the shared copy (107.8 mm/d), where the m/d check points.</summary>
    const int WettestLine = 10939;

    public static readonly IReadOnlyDictionary<string, BrokenFileCase> Cases = new Dictionary<string, BrokenFileCase>
    {
        ["caravan_precipitation_in_metres"] = Series(c => EditLinesFrom(c.SeriesFile, 1, l => l.Split(',') is var f
                ? string.Join(',', f.Select((x, i) => i == 0 ? (double.Parse(x, System.Globalization.CultureInfo.InvariantCulture) / 1000).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : x))
                : l), WettestLine,
            "in column P is the largest of 12418 days of prcp", "looks like m/d"),
        ["caravan_truncated_row"] = Series(c => EditLine(c.SeriesFile, SeriesLine, l => string.Join(',', l.Split(',').Take(2))), SeriesLine,
            "missing column PET", "expected 4 columns P,T,PET,Q"),
        ["caravan_non_numeric_field"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 1, "-7.9.2", ','), SeriesLine,
            "'-7.9.2' in column T", "expected a number"),
        ["caravan_empty_field"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 3, "", ','), SeriesLine,
            "empty field in column Q", "expected a number or NA"),
        ["caravan_extra_column"] = Series(c => EditLine(c.SeriesFile, SeriesLine, l => l + ",1"), SeriesLine,
            "expected 4 columns P,T,PET,Q", "found 5"),
        ["caravan_empty_file"] = Series(c => Empty(c.SeriesFile), null, "no data lines"),
        ["caravan_missing_file"] = Series(c => File.Delete(c.SeriesFile), null, "listed but its series file is absent"),
        ["caravan_unknown_basin"] = new(_ => { }, c => c.LoadCaravan(o => o with { Basins = BasinSelection.FromIds(["01022501"]) }),
            c => c.Catalogue, null, ["basin 01022501 is not listed", "did you mean '01022500'"]),
        ["caravan_period_out_of_range"] = new(_ => { }, c => c.LoadCaravan(o => o with { Period = DatePeriod.Parse("2014-12-01..2015-01-31") }),
            c => c.SeriesFile, null, ["covers 1981-01-01..2014-12-31", "does not include the requested period 2014-12-01..2015-01-31"]),
        ["caravan_all_missing_target"] = Series(c => EditLinesFrom(c.SeriesFile, 1, l => string.Join(',', l.Split(',').Take(3)) + ",NA"), null,
            "basin 01022500", "no streamflow value in 1981-01-01..2014-12-31", "expected at least one observed day"),
        ["caravan_more_rows_than_days"] = Series(c => DuplicateLine(c.SeriesFile, SeriesLine), RecordRows + 1,
            $"row {RecordRows + 1} is one more than the record 1981-01-01..2014-12-31 holds ({RecordRows} days"),
        ["caravan_fewer_rows_than_days"] = Series(c => KeepLines(c.SeriesFile, RecordRows - 31), null,
            $"{RecordRows - 31} rows, but the record 1981-01-01..2014-12-31 has {RecordRows} days", "ends at 2014-11-30"),
        ["caravan_NA_in_precipitation"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 0, "NA", ','), SeriesLine,
            "NA in column P", "only Q (streamflow) may be missing"),
        ["caravan_NA_in_temperature"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 1, "NA", ','), SeriesLine, "NA in column T"),
        ["caravan_NA_in_pet"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 2, "NA", ','), SeriesLine, "NA in column PET"),
        ["caravan_negative_precipitation"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 0, "-1.25", ','), SeriesLine,
            "-1.25 in column P", "plausible range of prcp: 0…2000 mm/d"),
        ["caravan_temperature_999"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 1, "999", ','), SeriesLine,
            "999 in column T", "plausible range of tmean: -90…60 °C"),
        ["caravan_nan"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 1, "NaN", ','), SeriesLine, "NaN in column T", "not a finite number"),
        ["caravan_negative_discharge"] = Series(c => ReplaceField(c.SeriesFile, SeriesLine, 3, "-0.3", ','), SeriesLine,
            "-0.3 in column Q", "plausible range of streamflow: ≥ 0 mm/d"),
        ["caravan_latitude_missing"] = new(c => DeleteLine(c.TopoTable, CorpusFolder.TableBasinLine + 1), Load, c => c.TopoTable, null,
            ["basin 01022500", "no gauge_lat"]),

        ["catalogue_missing_header"] = Catalogue(c => DeleteLine(c.Catalogue, 1), 1, "expected a header starting with 'gauge_id'"),
        ["catalogue_bad_id"] = Catalogue(c => ReplaceField(c.Catalogue, 2, 0, "x1022500", ','), 2, "not an 8-digit gauge id"),
        ["catalogue_id_lost_leading_zero"] = Catalogue(c => ReplaceField(c.Catalogue, 2, 0, "1022500", ','), 2,
            "'1022500' is not an 8-digit gauge id", "never matched as numbers"),
        ["catalogue_duplicate_basin"] = Catalogue(c => DuplicateLine(c.Catalogue, 2), 3, "listed twice (first on line 2)"),
        ["catalogue_empty"] = Catalogue(c => Empty(c.Catalogue), 1, "empty", "expected a header starting with 'gauge_id'"),
        ["catalogue_header_only"] = Catalogue(c => KeepLines(c.Catalogue, 1), null, "lists no basins"),
        ["catalogue_missing"] = new(c => File.Delete(c.Catalogue), Load, c => Path.GetDirectoryName(c.CaravanFolder)!, null,
            ["no catchments.csv"]),
    };
}
