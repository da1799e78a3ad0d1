#!/usr/bin/env bash
# Writes timeseries/netcdf/<source>/<gauge_id>.nc (netCDF-4) from the CSV series beside it, once, with netCDF-C's
# ncgen (Debian netcdf-bin): the same values in the NetCDF form of the Caravan release — a `date` coordinate in
# "days since 1981-01-01" and one float64 variable per column along it, an empty CSV cell written as the fill value
# (NaN). Usage: bash make-netcdf.sh [gauge_id ...]   (default: every CSV series)
set -euo pipefail
cd "$(dirname "$0")"
ids=("$@")
[ ${#ids[@]} -gt 0 ] || mapfile -t ids < <(find timeseries/csv -name '*.csv' -printf '%f\n' | sed 's/\.csv$//' | sort)
for id in "${ids[@]}"; do
  source=${id%%_*}
  csv=timeseries/csv/$source/$id.csv
  mkdir -p "timeseries/netcdf/$source"
  awk -F, -v id="$id" '
    NR == 1 { n = NF; for (i = 1; i <= NF; i++) name[i] = $i; next }
    { rows++; for (i = 2; i <= n; i++) value[i, rows] = ($i == "" ? "NaN" : $i) }
    END {
      units["total_precipitation_sum"] = "mm d-1"; units["potential_evaporation_sum"] = "mm d-1"
      units["temperature_2m_mean"] = "degC"; units["streamflow"] = "mm d-1"
      printf "netcdf %s {\ndimensions:\n\tdate = %d ;\nvariables:\n", id, rows
      printf "\tint date(date) ;\n\t\tdate:units = \"days since 1981-01-01\" ;\n\t\tdate:calendar = \"proleptic_gregorian\" ;\n"
      for (i = 2; i <= n; i++) {
        printf "\tdouble %s(date) ;\n\t\t%s:_FillValue = NaN ;\n", name[i], name[i]
        if (name[i] in units) printf "\t\t%s:units = \"%s\" ;\n", name[i], units[name[i]]
      }
      printf "\n// global attributes:\n\t\t:gauge_id = \"%s\" ;\n\t\t:source = \"written by make-netcdf.sh from %s.csv\" ;\ndata:\n", id, id
      printf " date ="; for (r = 1; r <= rows; r++) printf "%s %d", (r > 1 ? "," : ""), r - 1; print " ;"
      for (i = 2; i <= n; i++) {
        printf " %s =", name[i]; for (r = 1; r <= rows; r++) printf "%s %s", (r > 1 ? "," : ""), value[i, r]; print " ;"
      }
      print "}"
    }' "$csv" | ncgen -k nc4 -o "timeseries/netcdf/$source/$id.nc"
  echo "timeseries/netcdf/$source/$id.nc"
done
