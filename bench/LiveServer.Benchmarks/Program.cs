using BenchmarkDotNet.Running;
using LiveServer.Benchmarks;

// Runs the micro benchmarks of the hot paths. Any BenchmarkDotNet argument works, for example
// `--filter '*Srtp*'`; scripts/bench.sh runs them all with the short in-process job of BenchConfig.
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create(args));
