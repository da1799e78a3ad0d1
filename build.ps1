#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds DeltaModel, runs its tests and packs the PowerShell module into artifacts/DeltaModel/.

.DESCRIPTION
    1. dotnet build of the solution (Release).
    2. -Test: dotnet test (xunit, including the hosted-engine module tests), then the Pester tests in tests/pester/
       when Pester 5 is installed (they import the packed module, so packing runs first).
    3. Packs the module: dotnet publish of DeltaModel.PowerShell for one runtime identifier, which puts TorchSharp's
       native libraries next to TorchSharp.dll where a PowerShell module can find them, into artifacts/DeltaModel/
       (manifest DeltaModel.psd1, DeltaModel.format.ps1xml, assemblies, natives). Import it with
       Import-Module ./artifacts/DeltaModel/DeltaModel.psd1.

.PARAMETER Runtime
    Runtime identifier of the module package: linux-x64, win-x64 or osx-arm64. Default: this machine's.

.PARAMETER TorchBackend
    cpu (default) or cuda (needs the CUDA libtorch packages and an NVIDIA driver at run time).

.EXAMPLE
    ./build.ps1 -Test

.EXAMPLE
    ./build.ps1 -Runtime win-x64 -NoBuild
#>
[CmdletBinding()]
param(
    [ValidateSet('linux-x64', 'win-x64', 'osx-arm64')]
    [string] $Runtime,
    [ValidateSet('cpu', 'cuda')]
    [string] $TorchBackend = 'cpu',
    [string] $Configuration = 'Release',
    [switch] $Test,
    [switch] $NoBuild
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

if (-not $Runtime) {
    $Runtime = if ($IsWindows) { 'win-x64' } elseif ($IsMacOS) { 'osx-arm64' } else { 'linux-x64' }
}

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

if (-not $NoBuild) {
    Write-Host "== build ($Configuration, $TorchBackend)"
    Invoke-Dotnet build (Join-Path $root 'DeltaModel.slnx') -c $Configuration "-p:TorchBackend=$TorchBackend"
}

if ($Test) {
    Write-Host '== xunit'
    Invoke-Dotnet test (Join-Path $root 'DeltaModel.slnx') -c $Configuration --no-build "-p:TorchBackend=$TorchBackend"
}

Write-Host "== pack module ($Runtime) -> artifacts/DeltaModel"
$module = Join-Path $root 'artifacts/DeltaModel'
if (Test-Path $module) { Remove-Item $module -Recurse -Force }
Invoke-Dotnet publish (Join-Path $root 'DeltaModel.PowerShell/DeltaModel.PowerShell.csproj') -c $Configuration -r $Runtime `
    --self-contained false "-p:TorchBackend=$TorchBackend" -o $module
# The host supplies the engine; a copy in the module folder would shadow it.
Get-ChildItem $module -Filter 'System.Management.Automation.dll' | Remove-Item
Test-ModuleManifest (Join-Path $module 'DeltaModel.psd1') | Out-Null
Write-Host "module ready: Import-Module $(Join-Path $module 'DeltaModel.psd1')"

if ($Test) {
    $pester = Get-Module Pester -ListAvailable | Where-Object Version -ge '5.0' | Select-Object -First 1
    if ($pester) {
        Write-Host '== pester'
        Import-Module $pester
        $config = New-PesterConfiguration
        $config.Run.Path = Join-Path $root 'tests/pester'
        $config.Run.Exit = $false
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Detailed'
        $env:DELTAMODEL_MODULE = Join-Path $module 'DeltaModel.psd1'
        $result = Invoke-Pester -Configuration $config
        if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed" }
    }
    else {
        Write-Warning 'Pester 5 is not installed: skipping tests/pester (Install-Module Pester -MinimumVersion 5.0).'
    }
}
