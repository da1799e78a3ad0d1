#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Start-DeltaBuilder in real pwsh, whose .NET has no ASP.NET Core of its own (the module finds the shared framework):
# the builder serves the page with its token in the background of the session and stops when asked.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:workspace = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "deltamodel-builder-$([guid]::NewGuid())")
}

AfterAll {
    Stop-DeltaBuilder
    Remove-Item $workspace -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Start-DeltaBuilder' {
    It 'serves the page with its token on the loopback address, refuses a request without it, and stops' {
        New-Item -ItemType Directory (Join-Path $workspace 'demo') | Out-Null
        Set-Content (Join-Path $workspace 'demo/experiment.yaml') "name: demo`ndata:`n  path: ../data`n"
        $builder = Start-DeltaBuilder -Workspace $workspace -NoBrowser
        $builder.Running | Should -BeTrue
        $builder.Address.Host | Should -Be '127.0.0.1'
        $builder.Workspace | Should -Be (Resolve-Path $workspace).Path
        $builder.Url | Should -Match '^http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{48}$'

        $page = Invoke-WebRequest $builder.Url
        $page.StatusCode | Should -Be 200
        $page.Content | Should -Match 'experiment builder'
        $headers = @{ 'X-DeltaModel-Token' = ($builder.Url -split 'token=')[1] }
        (Invoke-RestMethod "$($builder.Address)api/experiments" -Headers $headers).path | Should -Be 'demo/experiment.yaml'
        $refused = { Invoke-WebRequest "$($builder.Address)api/experiments" } | Should -Throw -PassThru
        $refused.Exception.Response.StatusCode | Should -Be 'Unauthorized'
        $refused.ErrorDetails.Message | Should -Match 'access token'

        $builder | Stop-DeltaBuilder
        $builder.Running | Should -BeFalse
        { Invoke-WebRequest $builder.Url -TimeoutSec 5 } | Should -Throw
    }

    It 'names the missing folder when the workspace does not exist' {
        { Start-DeltaBuilder -Workspace (Join-Path $workspace 'missing') -NoBrowser } |
            Should -Throw -ErrorId 'PathNotFound,DeltaModel.PowerShell.Commands.StartDeltaBuilderCommand' -ExpectedMessage '*missing*'
    }
}
