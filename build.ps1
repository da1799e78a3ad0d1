#!/usr/bin/env pwsh
#Requires -Version 7.6
<#
.SYNOPSIS
    Builds DeltaModel, runs its tests and packs the PowerShell module into artifacts/DeltaModel/.

.DESCRIPTION
    1. dotnet build of the solution (Release).
    2. -Test: dotnet test (xunit, including the hosted-engine module tests).
    3. Packs the module: dotnet publish of DeltaModel.PowerShell for one runtime identifier, which puts TorchSharp's
       native libraries next to TorchSharp.dll where a PowerShell module can find them, into artifacts/DeltaModel/
       (manifest DeltaModel.psd1, DeltaModel.format.ps1xml, assemblies, natives). Import it with
       Import-Module ./artifacts/DeltaModel/DeltaModel.psd1.
    4. -Test: the Pester tests in tests/pester/ against the packed module, in this PowerShell. Pester comes from NuGet
       (build/Pester.proj restores the pinned version into the package cache), not from the PowerShell Gallery.
       Results: TestResults/pester.xml (NUnitXml). Any failure fails the script.

    Runs the same on Windows, Linux and macOS under PowerShell 7.6 or later; CI runs it as
    `dotnet tool restore; dotnet pwsh -NoProfile -File build.ps1 -NoBuild -Test -NoXunit` (the tool manifest in
    .config/ pins PowerShell).

.PARAMETER Runtime
    Runtime identifier of the module package: linux-x64, win-x64 or osx-arm64. Default: this machine's.

.PARAMETER TorchBackend
    cpu (default) or cuda (needs the CUDA libtorch packages and an NVIDIA driver at run time).

.EXAMPLE
    ./build.ps1 -Test

.PARAMETER Test
    Runs the xunit tests (unless -NoXunit) and, after packing, the Pester tests against the packed module.

.PARAMETER NoXunit
    With -Test: skip the xunit tests (CI runs them itself, with its own loggers).

.PARAMETER NoBuild
    Skip the solution build (the module is still published for -Runtime).

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
    [switch] $NoXunit,
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

if ($Test -and -not $NoXunit) {
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
    Write-Host '== pester'
    # Pester from the NuGet package cache: restore the pinned version, then ask MSBuild where the cache is.
    $pesterProject = Join-Path $root 'build/Pester.proj'
    Invoke-Dotnet restore $pesterProject --verbosity quiet
    $answer = (& dotnet msbuild $pesterProject -nologo -getProperty:NuGetPackageRoot -getProperty:PesterVersion) -join "`n"
    if ($LASTEXITCODE -ne 0) { throw "dotnet msbuild could not read build/Pester.proj: $answer" }
    # The JSON answer, past any first-run banner of the dotnet CLI.
    $properties = ($answer.Substring([Math]::Max(0, $answer.IndexOf('{'))) | ConvertFrom-Json).Properties
    $pesterManifest = Join-Path $properties.NuGetPackageRoot "pester/$($properties.PesterVersion)/tools/Pester.psd1"
    if (-not (Test-Path $pesterManifest)) { throw "Pester was restored, but $pesterManifest does not exist." }
    Import-Module $pesterManifest -Force

    $results = Join-Path $root 'TestResults/pester.xml'
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    if ([Console]::IsOutputRedirected) { $config.Output.RenderMode = 'Plaintext' }   # CI logs: no colour escapes
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = $results
    $env:DELTAMODEL_MODULE = Join-Path $module 'DeltaModel.psd1'
    $result = Invoke-Pester -Configuration $config
    Write-Host "pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped ($results)"
    # Result is Failed also when a BeforeAll or a whole file fails, which FailedCount (tests only) misses.
    if ($result.Result -ne 'Passed' -or $result.TotalCount -eq 0) {
        throw "Pester: $($result.FailedCount) test(s) failed, $($result.FailedBlocksCount) block(s) and $($result.FailedContainersCount) file(s) failed to run."
    }
}
