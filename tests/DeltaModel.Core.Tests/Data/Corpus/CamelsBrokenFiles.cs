using DeltaModel.Core.Data;
using static DeltaModel.Core.Tests.Data.Corpus.TextMutation;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// Broken CAMELS-US files: forcing files, streamflow files and attribute tables, each broken one way. Forcing line
/// 14 and streamflow line 10 are the day 1993-10-08; attribute-table line 2 is basin 01013500.
/// </summary>
internal static class CamelsBrokenFiles
{
    const int ForcingLine = 14, FlowLine = 10, TableLine = CorpusFolder.TableBasinLine;

    static HydroDataset Load(CorpusFolder c) => c.LoadCamels();

    static BrokenFileCase Forcing(Action<CorpusFolder> @break, int? line, params string[] expected) =>
        new(@break, Load, c => c.ForcingFile, line, expected);

    static BrokenFileCase Flow(Action<CorpusFolder> @break, int? line, params string[] expected) =>
        new(@break, Load, c => c.StreamflowFile, line, expected);

    static BrokenFileCase Topo(Action<CorpusFolder> @break, int? line, params string[] expected) =>
        new(@break, Load, c => c.TopoTable, line, expected);

    static BrokenFileCase Clim(Action<CorpusFolder> @break, int? line, params string[] expected) =>
        new(@break, Load, c => c.ClimTable, line, expected);

    /// <summary>Replaces the discharge and flag of streamflow line <see cref="FlowLine"/>.</summary>
    static void ReplaceFlow(CorpusFolder c, string valueAndFlag) =>
        EditLine(c.StreamflowFile, FlowLine, l => KeepFields(l, 4) + " " + valueAndFlag);

    /// <summary>0-based index of <paramref name="name"/> in the header of a ';'-separated table.</summary>
    static int Column(string table, string name) => Array.IndexOf(File.ReadLines(table).First().Split(';'), name);

    static string KeepFields(string line, int count) =>
        string.Join(' ', line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Take(count));

    public static readonly IReadOnlyDictionary<string, BrokenFileCase> Cases = new Dictionary<string, BrokenFileCase>
    {
        ["forcing_truncated_row"] = Forcing(c => EditLine(c.ForcingFile, ForcingLine, l => KeepFields(l, 7)), ForcingLine,
            "expected 11 fields", "found 7"),
        ["forcing_non_numeric_field"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 5, "0,89"), ForcingLine,
            "'0,89'", "prcp", "expected a number"),
        ["forcing_extra_column"] = Forcing(c => EditLine(c.ForcingFile, ForcingLine, l => l + "\t1.00"), ForcingLine,
            "expected 11 fields", "found 12"),
        ["forcing_missing_latitude_line"] = Forcing(c => DeleteLine(c.ForcingFile, 1), 3, "area", "as a number"),
        ["forcing_missing_column_header"] = Forcing(c => DeleteLine(c.ForcingFile, 4), 4, "expected the header 'Year Mnth Day Hr'"),
        ["forcing_duplicate_column"] = Forcing(c => ReplaceField(c.ForcingFile, 4, 6, "PRCP(mm/day)"), 4, "'prcp'", "twice"),
        ["forcing_negative_precipitation"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 5, "-0.50"), ForcingLine,
            "-0.5 in column prcp", "outside the plausible range of prcp: 0…2000 mm/d"),
        ["forcing_temperature_999"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 8, "999.00"), ForcingLine,
            "999 in column tmax", "-90…60 °C"),
        ["forcing_nan"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 5, "NaN"), ForcingLine,
            "NaN in column prcp", "not a finite number"),
        ["forcing_infinity"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 10, "Infinity"), ForcingLine,
            "Infinity in column vp", "not a finite number"),
        ["forcing_missing_code"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 6, "-999.00"), ForcingLine,
            "-999.00 in column srad", "forcings have none"),
        ["forcing_missing_code_in_temperature"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 9, "-999.00"), ForcingLine,
            "-999.00 in column tmin", "forcings have none"),
        ["forcing_day_length_over_a_day"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 4, "90000.00"), ForcingLine,
            "90000 in column dayl", "0…86400 s"),
        ["forcing_date_missing"] = Forcing(c => DeleteLine(c.ForcingFile, ForcingLine), ForcingLine,
            "1993-10-09 where 1993-10-08 was expected"),
        ["forcing_dates_out_of_order"] = Forcing(c => SwapWithNext(c.ForcingFile, ForcingLine), ForcingLine,
            "1993-10-09 where 1993-10-08 was expected"),
        ["forcing_date_duplicated"] = Forcing(c => DuplicateLine(c.ForcingFile, ForcingLine), ForcingLine + 1,
            "1993-10-08 where 1993-10-09 was expected"),
        ["forcing_date_impossible"] = Forcing(c => ReplaceField(c.ForcingFile, ForcingLine, 1, "13"), ForcingLine,
            "expected a date"),
        ["forcing_period_out_of_range"] = new(_ => { }, c => c.LoadCamels(o => o with { Period = DatePeriod.Parse("1993-11-01..1993-12-31") }),
            c => c.ForcingFile, null, ["cover 1993-09-29..1993-11-27", "does not include the requested period 1993-11-01..1993-12-31"]),
        ["forcing_missing_file"] = new(c => File.Delete(c.ForcingFile), Load, c => c.ForcingFolder, null,
            ["no forcing file for basin 01013500", "expected <huc>/01013500_lump_*_forcing_leap.txt"]),
        ["forcing_unknown_basin"] = new(_ => { }, c => c.LoadCamels(o => o with { Basins = BasinSelection.FromIds(["01013501"]) }),
            c => c.ForcingFolder, null, ["no forcing file for basin 01013501", "did you mean '01013500'"]),
        ["forcing_empty"] = Forcing(c => Empty(c.ForcingFile), 1, "expected the basin latitude"),
        ["forcing_header_only"] = Forcing(c => KeepLines(c.ForcingFile, 4), null, "no data lines after the header"),

        ["streamflow_truncated_row"] = Flow(c => EditLine(c.StreamflowFile, FlowLine, l => KeepFields(l, 4)), FlowLine,
            "expected 6 fields", "found 4"),
        ["streamflow_non_numeric_discharge"] = Flow(c => ReplaceField(c.StreamflowFile, FlowLine, 4, "n/a"), FlowLine,
            "'n/a'", "expected the discharge"),
        ["streamflow_extra_column"] = Flow(c => EditLine(c.StreamflowFile, FlowLine, l => l + " 1.0"), FlowLine,
            "expected 6 fields", "found 7"),
        ["streamflow_missing_flag"] = Flow(c => EditLine(c.StreamflowFile, FlowLine, l => KeepFields(l, 5)), FlowLine,
            "expected 6 fields", "found 5"),
        ["streamflow_wrong_gauge"] = Flow(c => ReplaceField(c.StreamflowFile, FlowLine, 0, "01013501"), FlowLine,
            "gauge id '01013501' where '01013500' was expected"),
        ["streamflow_dates_out_of_order"] = Flow(c => SwapWithNext(c.StreamflowFile, FlowLine), FlowLine,
            "1993-10-09 where 1993-10-08 was expected"),
        ["streamflow_date_missing"] = Flow(c => DeleteLine(c.StreamflowFile, FlowLine), FlowLine,
            "1993-10-09 where 1993-10-08 was expected", "-999.00 M"),
        ["streamflow_flag_M_with_value"] = Flow(c => ReplaceFlow(c, "812.00 M"), FlowLine,
            "discharge 812 flagged 'M'", "requires the missing code -999.00"),
        ["streamflow_negative_discharge"] = Flow(c => ReplaceFlow(c, "-5.00 A"), FlowLine,
            "-5 in column Q", "outside the plausible range of streamflow: ≥ 0 ft³/s"),
        ["streamflow_nan"] = Flow(c => ReplaceFlow(c, "NaN A"), FlowLine, "NaN in column Q", "not a finite number"),
        ["streamflow_gauge_lost_leading_zero"] = Flow(c => ReplaceField(c.StreamflowFile, FlowLine, 0, "1013500"), FlowLine,
            "gauge id '1013500' where '01013500' was expected"),
        ["streamflow_date_duplicated"] = Flow(c => DuplicateLine(c.StreamflowFile, FlowLine), FlowLine + 1,
            "1993-10-08", "dates must increase"),
        ["streamflow_date_impossible"] = Flow(c => ReplaceField(c.StreamflowFile, FlowLine, 3, "32"), FlowLine, "expected a date"),
        ["streamflow_missing_file"] = new(c => File.Delete(c.StreamflowFile), Load, c => c.StreamflowFolder, null,
            ["no streamflow file for basin 01013500"]),
        ["streamflow_empty"] = Flow(c => Empty(c.StreamflowFile), null, "no data lines"),
        ["streamflow_all_missing"] = Flow(c => EditLinesFrom(c.StreamflowFile, 1, l => KeepFields(l, 4) + "  -999.00 M"), null,
            "basin 01013500", "no streamflow value in 1993-09-29..1993-11-27", "expected at least one observed day"),
        ["streamflow_record_outside_period"] = new(c => KeepLines(c.StreamflowFile, 5),
            c => c.LoadCamels(o => o with { Period = DatePeriod.Parse("1993-10-10..1993-10-20") }), c => c.StreamflowFile, null,
            ["no streamflow value in 1993-10-10..1993-10-20", "1993-09-29..1993-10-03"]),

        ["attributes_truncated_row"] = Topo(c => EditLine(c.TopoTable, TableLine, l => string.Join(';', l.Split(';').SkipLast(2))), TableLine,
            "expected 7 ';'-separated fields", "found 5"),
        ["attributes_extra_column"] = Topo(c => EditLine(c.TopoTable, TableLine, l => l + ";1"), TableLine,
            "expected 7 ';'-separated fields", "found 8"),
        ["attributes_non_numeric_field"] = Topo(c => ReplaceField(c.TopoTable, TableLine, 5, "2252,7", ';'), TableLine,
            "'2252,7'", "area_gages2", "expected a number"),
        ["attributes_missing_header"] = Topo(c => DeleteLine(c.TopoTable, 1), 1, "expected 'gauge_id'"),
        ["attributes_bad_gauge_id"] = Topo(c => ReplaceField(c.TopoTable, TableLine, 0, "1013x00", ';'), TableLine, "not an 8-digit USGS id"),
        ["attributes_gauge_id_lost_leading_zero"] = Topo(c => ReplaceField(c.TopoTable, TableLine, 0, "1013500", ';'), TableLine,
            "gauge_id '1013500'", "8-character strings", "never matched as numbers"),
        ["attributes_requested_NA"] = Clim(c => ReplaceField(c.ClimTable, TableLine, 1, "NA", ';'), TableLine,
            "basin 01013500 has 'NA' (missing) for attribute p_mean", "data.attribute_fill: mean or median"),
        ["attributes_requested_empty"] = Clim(c => ReplaceField(c.ClimTable, TableLine, 1, "", ';'), TableLine,
            "basin 01013500 has '' (missing) for attribute p_mean", "data.attribute_fill"),
        ["attributes_requested_category_NA"] = Clim(c => ReplaceField(c.ClimTable, TableLine, Column(c.ClimTable, "high_prec_timing"), "NA", ';'),
            TableLine, "basin 01013500 has 'NA' (missing) for attribute high_prec_timing"),
        ["attributes_duplicate_basin"] = Topo(c => DuplicateLine(c.TopoTable, TableLine), TableLine + 1, "appears twice"),
        ["attributes_basin_missing_from_table"] = Topo(c => DeleteLine(c.TopoTable, TableLine), null,
            "basin 01013500 has no row in this table (attribute area_gages2)"),
        ["attributes_unknown_basin"] = new(c => { DeleteLine(c.TopoTable, TableLine); DeleteLine(c.ClimTable, TableLine); }, Load,
            c => c.AttributesFolder, null, ["basin '01013500' is not in the attribute tables"]),
        ["attributes_missing_table"] = new(c => File.Delete(c.TopoTable), Load, c => c.AttributesFolder, null,
            ["unknown CAMELS attribute 'area_gages2'", "camels_topo.txt", "absent from this folder"]),
        ["attributes_empty_table"] = Topo(c => Empty(c.TopoTable), 1, "empty attribute table"),
        ["attributes_missing_folder"] = new(c => Directory.Delete(c.AttributesFolder, recursive: true), Load, c => c.CamelsRoot, null,
            ["no camels_attributes_v2.0/ folder"]),

        ["basin_file_bad_id"] = new(c => ReplaceLine(c.BasinFile, 2, "1013x00"), c => c.LoadCamelsFromBasinFile(), c => c.BasinFile, 2,
            ["not a USGS gauge id", "expected 8 digits"]),
        ["basin_file_duplicate"] = new(c => File.AppendAllText(c.BasinFile, "1013500\n"), c => c.LoadCamelsFromBasinFile(), c => c.BasinFile, 3,
            ["listed twice (first on line 2)"]),
        ["basin_file_empty"] = new(c => Empty(c.BasinFile), c => c.LoadCamelsFromBasinFile(), c => c.BasinFile, null, ["lists no basins"]),
        ["basin_file_missing"] = new(c => File.Delete(c.BasinFile), c => c.LoadCamelsFromBasinFile(), c => c.BasinFile, null,
            ["basin file not found"]),
        ["basin_file_unknown_basin"] = new(c => ReplaceLine(c.BasinFile, 2, "01013501"), c => c.LoadCamelsFromBasinFile(), c => c.ForcingFolder, null,
            ["no forcing file for basin 01013501"]),
    };
}
