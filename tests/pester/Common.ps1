# Dot-sourced by every *.Tests.ps1 in its BeforeAll: imports the packed module and names the sample data.
# ./build.ps1 -Test packs the module into artifacts/ and points DELTAMODEL_MODULE at its manifest.
$manifest = if ($env:DELTAMODEL_MODULE) { $env:DELTAMODEL_MODULE } else { Join-Path $PSScriptRoot '../../artifacts/DeltaModel/DeltaModel.psd1' }
Import-Module $manifest -Force
$script:moduleFolder = Split-Path $manifest
$script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../../data/camels-sample')).Path
$script:basins = '01013500', '01022500', '01333000'
