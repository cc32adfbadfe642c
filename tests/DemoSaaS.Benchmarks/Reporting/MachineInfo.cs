using System.Runtime.InteropServices;

namespace DemoSaaS.Benchmarks.Reporting;

/// <summary>What the figures were measured on: cores, CPU model, memory, load, runtime.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadFirst("/proc/meminfo", "MemTotal") ?? "unknown";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory.Trim()} RAM, {RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}, load average {LoadAverage()}";
    }

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ReadFirst(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        return File.ReadLines(path)
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':') + 1)..].Trim())
            .FirstOrDefault();
    }
}
