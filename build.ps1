#!/usr/bin/env pwsh
# Build script. Run with: dotnet tool restore; dotnet pwsh build.ps1 <target>
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'bench')]
    [string] $Target = 'build',
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $Rest = @()
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Checked([string] $command, [string[]] $arguments) {
    & $command @arguments
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

switch ($Target) {
    'build' {
        Invoke-Checked dotnet @('build', 'PowerJob.Akka.sln', '-c', 'Release')
    }
    'test' {
        Invoke-Checked dotnet @('build', 'PowerJob.Akka.sln', '-c', 'Release')
        Invoke-Checked dotnet (@('test', 'PowerJob.Akka.sln', '-c', 'Release', '--no-build',
            '--blame-hang-timeout', '5m', '--logger', 'console;verbosity=normal') + $Rest)
    }
    'demo' {
        Invoke-Checked dotnet (@('run', '--project', 'src/PowerJob.Akka.Demo', '-c', 'Release', '--',
            '--config', 'hocon/demo.conf') + $Rest)
    }
    'bench' {
        # Full mode by default; `bench --quick` is the CI smoke run (under a minute). Figures: bench-results.json.
        Invoke-Checked dotnet @('build', 'tests/PowerJob.Akka.Benchmarks', '-c', 'Release')
        Invoke-Checked dotnet (@('run', '--project', 'tests/PowerJob.Akka.Benchmarks', '-c', 'Release', '--no-build', '--',
            '--out', (Join-Path $PSScriptRoot 'bench-results.json')) + $Rest)
    }
}
