using System.Diagnostics;
using System.IO.Compression;

namespace MmDsl.LiveKernel.Vm;

/// <summary>
/// The modules of one kernel release, read from its modules tree (modules.dep, modules.builtin):
/// which files a module needs, dependencies first, so that loading them in order succeeds.
/// </summary>
internal sealed class ModuleResolver
{
    /// <summary>What zram swap needs: the zram driver and the compressor that init selects (lzo-rle, or lzo).</summary>
    public static readonly IReadOnlyList<string> ZramModules = ["zram", "lzo-rle", "lzo"];

    private readonly Dictionary<string, (string Path, string[] Depends)> modules = new(StringComparer.Ordinal);
    private readonly HashSet<string> builtin = new(StringComparer.Ordinal);

    /// <param name="releaseDirectory">lib/modules/RELEASE of a modules tree: holds modules.dep.</param>
    public ModuleResolver(string releaseDirectory)
    {
        Directory = releaseDirectory;
        string dep = Path.Combine(releaseDirectory, "modules.dep");
        if (!File.Exists(dep))
            throw new FileNotFoundException($"no modules.dep in {releaseDirectory}", dep);
        foreach (string line in File.ReadLines(dep))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            string path = line[..colon].Trim();
            string[] depends = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            modules[NameOf(path)] = (path, depends);
        }
        string builtinList = Path.Combine(releaseDirectory, "modules.builtin");
        if (File.Exists(builtinList))
        {
            foreach (string line in File.ReadLines(builtinList))
            {
                if (line.Trim().Length > 0)
                    builtin.Add(NameOf(line.Trim()));
            }
        }
    }

    /// <summary>lib/modules/RELEASE of the tree.</summary>
    public string Directory { get; }

    /// <summary>The release directory for <paramref name="release"/> in a modules tree given as its root
    /// (holding lib/modules), as lib/modules, or as lib/modules/RELEASE; with no release, the only one there is.</summary>
    public static string? FindReleaseDirectory(string tree, string? release)
    {
        if (File.Exists(Path.Combine(tree, "modules.dep")))
            return tree;
        foreach (string modulesDir in new[] { Path.Combine(tree, "lib", "modules"), tree })
        {
            if (!System.IO.Directory.Exists(modulesDir))
                continue;
            if (release is not null && File.Exists(Path.Combine(modulesDir, release, "modules.dep")))
                return Path.Combine(modulesDir, release);
            var candidates = System.IO.Directory.GetDirectories(modulesDir)
                .Where(d => File.Exists(Path.Combine(d, "modules.dep"))).ToList();
            if (release is null && candidates.Count == 1)
                return candidates[0];
        }
        return null;
    }

    /// <summary>The module's name as the kernel knows it: the file name without .ko(.xz|.zst|.gz), '-' as '_'.</summary>
    public static string NameOf(string path)
    {
        string name = Path.GetFileName(path);
        int ko = name.IndexOf(".ko", StringComparison.Ordinal);
        if (ko > 0)
            name = name[..ko];
        return name.Replace('-', '_');
    }

    public bool IsBuiltin(string name) => builtin.Contains(NameOf(name));

    public bool IsModule(string name) => modules.ContainsKey(NameOf(name));

    /// <summary>
    /// The files (relative to <see cref="Directory"/>) to load for <paramref name="names"/>, each
    /// after its dependencies and once. A name built into the kernel needs nothing; one that is
    /// neither a module nor built in is an error unless <paramref name="optional"/>.
    /// </summary>
    public IReadOnlyList<string> Resolve(IEnumerable<string> names, bool optional = false)
    {
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in names)
        {
            string name = NameOf(raw);
            if (builtin.Contains(name))
                continue;
            if (!modules.TryGetValue(name, out var module))
            {
                if (optional)
                    continue;
                throw new InvalidOperationException($"module {raw} is neither built into the kernel nor in {Directory}/modules.dep");
            }
            Visit(module.Path, module.Depends, order, seen, []);
        }
        return order;
    }

    /// <summary>
    /// Dependencies before the module, each once. depmod's modules.dep lists every dependency,
    /// transitive ones too; a modules.dep written without depmod (tools/fetch-kernels) lists the direct
    /// ones only: each dependency's own line is followed, so both load in a working order.
    /// </summary>
    private void Visit(string path, string[] depends, List<string> order, HashSet<string> seen, HashSet<string> visiting)
    {
        if (seen.Contains(path) || !visiting.Add(path))
            return;
        // depmod lists the deepest dependency last, as modprobe loads them from the end.
        for (int i = depends.Length - 1; i >= 0; i--)
        {
            string dep = depends[i];
            string[] depDepends = modules.TryGetValue(NameOf(dep), out var entry) ? entry.Depends : [];
            Visit(dep, depDepends, order, seen, visiting);
        }
        visiting.Remove(path);
        if (seen.Add(path))
            order.Add(path);
    }

    /// <summary>The modules for zram swap: zram is required unless built in, a compressor module only when it exists.</summary>
    public IReadOnlyList<string> ResolveZram()
    {
        var required = Resolve([ZramModules[0]]);
        var compressors = Resolve(ZramModules.Skip(1), optional: true);
        return [.. required, .. compressors.Where(c => !required.Contains(c))];
    }

    /// <summary>A module file's contents, decompressed (.xz and .zst with the xz and zstd tools, .gz in process):
    /// the kernel's finit_module takes compressed modules only when it was built to.</summary>
    public byte[] ReadModule(string relativePath)
    {
        string path = Path.Combine(Directory, relativePath);
        if (path.EndsWith(".ko", StringComparison.Ordinal))
            return File.ReadAllBytes(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        if (path.EndsWith(".xz", StringComparison.Ordinal))
            return Decompress("xz", path);
        if (path.EndsWith(".zst", StringComparison.Ordinal))
            return Decompress("zstd", path);
        throw new InvalidOperationException($"{path}: not a kernel module (.ko, .ko.xz, .ko.zst or .ko.gz)");
    }

    /// <summary>The name a module file has in the initramfs: decompressed, so plain .ko.</summary>
    public static string LoadedFileName(string relativePath)
    {
        string name = Path.GetFileName(relativePath);
        int ko = name.IndexOf(".ko", StringComparison.Ordinal);
        return (ko > 0 ? name[..ko] : name) + ".ko";
    }

    private static byte[] Decompress(string tool, string path)
    {
        var start = new ProcessStartInfo(tool, ["-dc", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{path} is compressed and '{tool}' is not installed to decompress it ({e.Message})", e);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{tool} -dc {path} failed: {error.Result.Trim()}");
            return output.ToArray();
        }
    }
}
