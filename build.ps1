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

# The console log of a full run is long; repeat each failed test's name and message last, where a CI tail shows them.
function Write-FailedTests([string] $results) {
    foreach ($trx in Get-ChildItem $results -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        $xml = [xml](Get-Content $trx.FullName -Raw)
        foreach ($result in $xml.TestRun.Results.UnitTestResult | Where-Object { $_.outcome -eq 'Failed' }) {
            Write-Host "FAILED: $($result.testName) ($($result.duration))"
            $message = $result.Output.ErrorInfo.Message
            if ($message) { Write-Host ("  " + (($message -split "`n" | Select-Object -First 15) -join "`n  ")) }
            $stack = $result.Output.ErrorInfo.StackTrace
            if ($stack) { Write-Host ("  " + (($stack -split "`n" | Select-Object -First 6) -join "`n  ")) }
        }
    }
}

switch ($Target) {
    'build' {
        Invoke-Checked dotnet @('build', 'PowerJob.Akka.sln', '-c', 'Release')
    }
    'test' {
        Invoke-Checked dotnet @('build', 'PowerJob.Akka.sln', '-c', 'Release')
        $results = Join-Path $PSScriptRoot 'TestResults'
        Remove-Item -Recurse -Force $results -ErrorAction SilentlyContinue
        & dotnet (@('test', 'PowerJob.Akka.sln', '-c', 'Release', '--no-build',
            '--blame-hang-timeout', '5m', '--logger', 'console;verbosity=normal',
            '--logger', 'trx', '--results-directory', $results) + $Rest)
        $code = $LASTEXITCODE
        if ($code -ne 0) { Write-FailedTests $results }
        exit $code
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
