#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Bring your own data (docs/data.md): Import-HydroDataset loads the official Caravan layout as CSV and as netCDF-4 with
# several sources mixed, and NeuralHydrology's generic layout, from the embedded samples.
Describe 'Bring your own data: the Caravan release (CSV and NetCDF) and the generic layout' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Common.ps1')
        $script:work = Join-Path ([IO.Path]::GetTempPath()) "deltamodel-pester-data-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory $work | Out-Null
        $script:release = (Resolve-Path (Join-Path $PSScriptRoot '../../data/caravan-release-sample')).Path
        $script:generic = (Resolve-Path (Join-Path $PSScriptRoot '../../data/generic-sample')).Path
    }

    It 'loads the Caravan release as CSV, basins of two sources' {
        $r = Import-HydroDataset $release -Basin camels_01022500, hysets_01052500 -Attribute area
        $r.Basins | Should -Be 'camels_01022500', 'hysets_01052500'
        $r.Origin.Format | Should -Be 'caravan_release'
    }

    It 'loads the Caravan release as netCDF-4 (timeseries/netcdf only), basins of two sources' {
        $folder = Join-Path $work 'caravan-netcdf'
        New-Item -ItemType Directory (Join-Path $folder 'timeseries') -Force | Out-Null
        Copy-Item (Join-Path $release 'attributes') (Join-Path $folder 'attributes') -Recurse
        Copy-Item (Join-Path $release 'timeseries/netcdf') (Join-Path $folder 'timeseries/netcdf') -Recurse
        $r = Import-HydroDataset $folder -Basin hysets_01052500, camels_01047000
        $r.Basins | Should -Be 'hysets_01052500', 'camels_01047000'
        $r.DayCount | Should -Be 730
    }

    It 'loads the generic layout' {
        $r = Import-HydroDataset $generic -Attribute p_mean
        $r.Basins | Should -Be '01022500', '01047000'
        $r.Origin.Format | Should -Be 'generic'
    }

    AfterAll { Remove-Item $work -Recurse -Force }
}
